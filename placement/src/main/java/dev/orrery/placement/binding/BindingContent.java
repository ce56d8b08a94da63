package dev.orrery.placement.binding;

import dev.orrery.placement.match.PolicyMatch;
import dev.orrery.placement.match.SelectedObject;
import dev.orrery.placement.match.WorkloadRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The content of a Binding spec in typed form: entries sorted by reference and destinations sorted
 * and unique.
 *
 * @param entries the workload entries, sorted by {@code WorkloadRef} (GVR, then namespace/name)
 * @param destinations the cluster names, sorted and unique
 */
public record BindingContent(List<BindingEntry> entries, List<String> destinations) {

  /** Sorts and de-duplicates (by reference; the last entry for a reference wins). */
  public BindingContent {
    TreeMap<WorkloadRef, BindingEntry> byRef = new TreeMap<>();
    for (BindingEntry entry : entries) {
      byRef.put(entry.ref(), entry);
    }
    entries = List.copyOf(byRef.values());
    destinations = List.copyOf(new TreeSet<>(destinations));
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
