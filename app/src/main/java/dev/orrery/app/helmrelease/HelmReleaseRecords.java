package dev.orrery.app.helmrelease;

import dev.orrery.app.sync.Inventory;
import dev.orrery.app.sync.InventoryEntry;
import dev.orrery.app.sync.SyncPlanner;
import dev.orrery.renderer.ChartRelease;
import dev.orrery.renderer.DesiredObject;
import dev.orrery.renderer.RenderResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Adds Helm's release records to a render: for each chart, the records {@link ReleaseHistory}
 * decides on, as Secrets that the sync applies, prunes and places like the chart's objects.
 *
 * <p>Stored records are found through the GitSource's inventory (the record Secrets it applied
 * before) and read one by one, so Orrery needs only {@code get} on Secrets. Placement rule: a
 * record goes to the release namespace and carries every label that all of the chart's objects
 * carry (besides Helm's own labels and the source label that every applied object gets), so a
 * BindingPolicy whose label selector selects all of the chart's objects selects its release records
 * too; a policy that selects by namespace selects them alike.
 */
public final class HelmReleaseRecords {

  /** Reads one stored record Secret; empty when it does not exist or is not a record. */
  @FunctionalInterface
  public interface StoredRecords {
    Optional<ReleaseRecord> read(String namespace, String secretName);
  }

  private final ReleaseHistory history;

  public HelmReleaseRecords(ReleaseHistory history) {
    this.history = history;
  }

  /**
   * The render with the records of its charts appended (a rejected render is returned as it is).
   *
   * @param description said in {@code helm history} for a new revision, e.g. the Git revision
   */
  public RenderResult withRecords(
      RenderResult rendered,
      Inventory previous,
      StoredRecords stored,
      Instant now,
      String description) {
    if (!rendered.ok() || rendered.releases().isEmpty()) {
      return rendered;
    }
    List<DesiredObject> objects = new ArrayList<>(rendered.objects());
    for (ChartRelease release : rendered.releases()) {
      if (release.namespace().isEmpty()) {
        continue;
      }
      List<ReleaseRecord> records = new ArrayList<>();
      for (InventoryEntry entry : previous.entries().values()) {
        OptionalInt version = recordVersion(entry, release);
        if (version.isPresent()) {
          stored
              .read(release.namespace(), entry.name())
              .filter(r -> r.version() == version.getAsInt())
              .ifPresent(records::add);
        }
      }
      String path =
          release.chartDir().isEmpty() ? "Chart.yaml" : release.chartDir() + "/Chart.yaml";
      Map<String, String> labels = sharedLabels(rendered.objects(), release.chartDir());
      for (ReleaseRecord record :
          history.next(release, ReleaseDigest.of(release), records, now, description)) {
        objects.add(
            new DesiredObject(
                ReleaseSecrets.manifest(release.name(), release.namespace(), record, labels),
                path,
                0));
      }
    }
    return new RenderResult(objects, List.of(), rendered.stats(), rendered.releases());
  }

  private static OptionalInt recordVersion(InventoryEntry entry, ChartRelease release) {
    if (!entry.group().isEmpty()
        || !"Secret".equals(entry.kind())
        || !entry.namespace().equals(release.namespace())) {
      return OptionalInt.empty();
    }
    return ReleaseSecrets.version(release.name(), entry.name());
  }

  /** The labels that every object rendered from the chart in {@code chartDir} carries. */
  static Map<String, String> sharedLabels(List<DesiredObject> objects, String chartDir) {
    Map<String, String> shared = null;
    for (DesiredObject object : objects) {
      if (!chartDir.isEmpty() && !object.path().startsWith(chartDir + "/")) {
        continue;
      }
      Map<String, String> labels = labels(object);
      if (shared == null) {
        shared = new LinkedHashMap<>(labels);
      } else {
        shared.entrySet().removeIf(e -> !Objects.equals(labels.get(e.getKey()), e.getValue()));
      }
    }
    if (shared == null) {
      return Map.of();
    }
    shared.remove(SyncPlanner.SOURCE_LABEL);
    return shared;
  }

  private static Map<String, String> labels(DesiredObject object) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (object.content().get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("labels") instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            if (k instanceof String key && v instanceof String value) {
              labels.put(key, value);
            }
          });
    }
    return labels;
  }
}
