package dev.orrery.placement.match;

import java.util.List;

/**
 * What one BindingPolicy selects right now.
 *
 * @param clusters names of the selected clusters, sorted and unique
 * @param objects selected objects with merged modulations, sorted by {@link WorkloadRef}
 */
public record PolicyMatch(List<String> clusters, List<SelectedObject> objects) {

  /** Nothing selected. */
  public static final PolicyMatch EMPTY = new PolicyMatch(List.of(), List.of());

  /** Copies the lists. */
  public PolicyMatch {
    clusters = List.copyOf(clusters);
    objects = List.copyOf(objects);
  }
}
