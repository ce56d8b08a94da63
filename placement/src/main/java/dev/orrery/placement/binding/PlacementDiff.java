package dev.orrery.placement.binding;

import dev.orrery.placement.match.ObjectKey;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The difference between two sets of (cluster, object) placements: what a reconcile adds, removes
 * and keeps. Used by the deletion guard and by the CLI preview.
 *
 * @param added placements only in the new set, sorted
 * @param removed placements only in the old set, sorted
 * @param kept placements in both, sorted
 */
public record PlacementDiff(
    SortedSet<Placement> added, SortedSet<Placement> removed, SortedSet<Placement> kept) {

  /** Copies into unmodifiable sorted sets. */
  public PlacementDiff {
    added = Collections.unmodifiableSortedSet(new TreeSet<>(added));
    removed = Collections.unmodifiableSortedSet(new TreeSet<>(removed));
    kept = Collections.unmodifiableSortedSet(new TreeSet<>(kept));
  }

  /** The diff between two placement sets. */
  public static PlacementDiff between(Collection<Placement> before, Collection<Placement> after) {
    TreeSet<Placement> old = new TreeSet<>(before);
    TreeSet<Placement> now = new TreeSet<>(after);
    TreeSet<Placement> added = new TreeSet<>(now);
    added.removeAll(old);
    TreeSet<Placement> removed = new TreeSet<>(old);
    removed.removeAll(now);
    TreeSet<Placement> kept = new TreeSet<>(old);
    kept.retainAll(now);
    return new PlacementDiff(added, removed, kept);
  }

  /** The diff between two per-cluster object sets (cluster name to objects on it). */
  public static PlacementDiff between(
      Map<String, ? extends Collection<ObjectKey>> before,
      Map<String, ? extends Collection<ObjectKey>> after) {
    return between(flatten(before), flatten(after));
  }

  /** The diff between what two Binding contents deliver. */
  public static PlacementDiff between(BindingContent before, BindingContent after) {
    return between(before.placements(), after.placements());
  }

  /** Whether anything is added or removed. */
  public boolean hasChanges() {
    return !added.isEmpty() || !removed.isEmpty();
  }

  /** Number of placements before the change. */
  public int beforeCount() {
    return removed.size() + kept.size();
  }

  /** Share (0..1) of the previous placements that would be removed; 0 when there were none. */
  public double removedShare() {
    int before = beforeCount();
    return before == 0 ? 0.0 : (double) removed.size() / before;
  }

  private static SortedSet<Placement> flatten(
      Map<String, ? extends Collection<ObjectKey>> byCluster) {
    TreeSet<Placement> placements = new TreeSet<>();
    byCluster.forEach(
        (cluster, objects) -> objects.forEach(o -> placements.add(new Placement(cluster, o))));
    return placements;
  }
}
