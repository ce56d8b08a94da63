package dev.orrery.placement.binding;

import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.PolicyMatch;
import dev.orrery.placement.match.SelectedObject;
import dev.orrery.placement.match.WorkloadRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The content of a Binding spec in typed form: entries sorted by reference and destinations sorted
 * and unique. A value (equal when entries and destinations are), with an index of its entries by
 * object built on first use: status and singleton checks look up one object in every Binding.
 */
public final class BindingContent {
  private final List<BindingEntry> entries;
  private final List<String> destinations;
  private volatile Map<ObjectKey, List<BindingEntry>> byKey;

  /**
   * Sorts and de-duplicates (by reference; the last entry for a reference wins).
   *
   * @param entries the workload entries (sorted here by {@code WorkloadRef}: GVR, then
   *     namespace/name)
   * @param destinations the cluster names (sorted and made unique here)
   */
  public BindingContent(List<BindingEntry> entries, List<String> destinations) {
    TreeMap<WorkloadRef, BindingEntry> byRef = new TreeMap<>();
    for (BindingEntry entry : entries) {
      byRef.put(entry.ref(), entry);
    }
    this.entries = List.copyOf(byRef.values());
    this.destinations = List.copyOf(new TreeSet<>(destinations));
  }

  /** The workload entries, sorted by reference. */
  public List<BindingEntry> entries() {
    return entries;
  }

  /** The cluster names, sorted and unique. */
  public List<String> destinations() {
    return destinations;
  }

  /**
   * The entries for {@code key} (one per version of the object the Binding names; nearly always one
   * or none).
   */
  public List<BindingEntry> entriesFor(ObjectKey key) {
    Map<ObjectKey, List<BindingEntry>> index = byKey;
    if (index == null) {
      Map<ObjectKey, List<BindingEntry>> built = new HashMap<>();
      for (BindingEntry entry : entries) {
        built.computeIfAbsent(entry.ref().key(), k -> new ArrayList<>(1)).add(entry);
      }
      built.replaceAll((k, v) -> List.copyOf(v));
      index = built;
      byKey = index;
    }
    return index.getOrDefault(key, List.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BindingContent other
        && entries.equals(other.entries)
        && destinations.equals(other.destinations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entries, destinations);
  }

  @Override
  public String toString() {
    return "BindingContent[entries=" + entries + ", destinations=" + destinations + "]";
  }

  /** The Binding content for a policy's match result. */
  public static BindingContent of(PolicyMatch match) {
    List<BindingEntry> entries = new ArrayList<>();
    for (SelectedObject selected : match.objects()) {
      entries.add(
          new BindingEntry(
              selected.object().ref(), selected.object().resourceVersion(), selected.modulation()));
    }
    return new BindingContent(entries, match.clusters());
  }

  /** Every (cluster, object) pair this Binding delivers. */
  public SortedSet<Placement> placements() {
    TreeSet<Placement> placements = new TreeSet<>();
    for (String cluster : destinations) {
      for (BindingEntry entry : entries) {
        placements.add(new Placement(cluster, entry.ref().key()));
      }
    }
    return Collections.unmodifiableSortedSet(placements);
  }
}
