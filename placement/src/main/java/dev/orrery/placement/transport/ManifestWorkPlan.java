package dev.orrery.placement.transport;

import dev.orrery.placement.binding.SpecComparison;
import dev.orrery.placement.match.Unstructured;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * What to write in one cluster's mailbox for one Binding: ManifestWorks to create, to update (their
 * spec, or the labels/annotations Orrery sets, differ) and to delete (existing ones no longer
 * desired). Running the plan twice with the same inputs writes nothing the second time.
 *
 * @param create desired ManifestWorks that do not exist yet
 * @param update desired ManifestWorks whose stored copy differs
 * @param delete names of existing ManifestWorks of this Binding that are no longer desired
 * @param unchanged names of ManifestWorks already as desired
 */
public record ManifestWorkPlan(
    List<Map<String, Object>> create,
    List<Map<String, Object>> update,
    List<String> delete,
    List<String> unchanged) {

  /** Copies the lists. */
  public ManifestWorkPlan {
    create = List.copyOf(create);
    update = List.copyOf(update);
    delete = List.copyOf(delete);
    unchanged = List.copyOf(unchanged);
  }

  /**
   * Plans the writes.
   *
   * @param desired the ManifestWorks that should exist (from {@link ManifestWorkBuilder})
   * @param existing the stored ManifestWorks of this Binding in this cluster, by name
   */
  public static ManifestWorkPlan of(
      Collection<Map<String, Object>> desired, Map<String, Map<String, Object>> existing) {
    return of(desired, existing, ManifestWorkPlan::specDiffers);
  }

  /**
   * Plans the writes, comparing specs with {@code specDiffers} (e.g. {@link #specDiffers}
   * remembered for specs that several clusters share).
   */
  public static ManifestWorkPlan of(
      Collection<Map<String, Object>> desired,
      Map<String, Map<String, Object>> existing,
      BiPredicate<Object, Object> specDiffers) {
    List<Map<String, Object>> create = new ArrayList<>();
    List<Map<String, Object>> update = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    TreeSet<String> desiredNames = new TreeSet<>();
    for (Map<String, Object> work : desired) {
      String name = Unstructured.string(work, "metadata", "name").orElseThrow();
      desiredNames.add(name);
      Map<String, Object> stored = existing.get(name);
      if (stored == null) {
        create.add(work);
      } else if (specDiffers.test(stored.get("spec"), work.get("spec"))
          || subsetDiffers(stored, work, "labels")
          || subsetDiffers(stored, work, "annotations")) {
        update.add(work);
      } else {
        unchanged.add(name);
      }
    }
    List<String> delete = new ArrayList<>(new TreeSet<>(existing.keySet()));
    delete.removeAll(desiredNames);
    return new ManifestWorkPlan(create, update, delete, unchanged);
  }

  /** Whether anything must be written. */
  public boolean hasWrites() {
    return !create.isEmpty() || !update.isEmpty() || !delete.isEmpty();
  }

  /**
   * Whether a stored ManifestWork {@code spec} must be rewritten to be {@code desired}: the
   * workload differs, or a manifestConfig lacks something desired (the API server adds defaults).
   */
  public static boolean specDiffers(Object stored, Object desired) {
    Map<String, Object> have = Unstructured.asMap(stored);
    Map<String, Object> want = Unstructured.asMap(desired);
    Object storedWorkload = have.get("workload");
    Object desiredWorkload = want.get("workload");
    if (SpecComparison.needsWrite(storedWorkload, desiredWorkload)) {
      return true;
    }
    Object storedConfigs = have.get("manifestConfigs");
    Object desiredConfigs = want.get("manifestConfigs");
    return !SpecComparison.containsAll(storedConfigs, desiredConfigs);
  }

  /**
   * Whether any entry Orrery sets in {@code metadata[field]} is missing or different in the stored
   * copy. The Binding generation annotation is not compared: it records the generation of the last
   * write, so a Binding change rewrites only the ManifestWorks whose content changed.
   */
  private static boolean subsetDiffers(
      Map<String, Object> stored, Map<String, Object> desired, String field) {
    Map<String, String> want = Unstructured.stringMap(desired, "metadata", field);
    Map<String, String> have = Unstructured.stringMap(stored, "metadata", field);
    return want.entrySet().stream()
        .filter(e -> !e.getKey().equals(ManifestWorkBuilder.GENERATION_ANNOTATION))
        .anyMatch(e -> !e.getValue().equals(have.get(e.getKey())));
  }
}
