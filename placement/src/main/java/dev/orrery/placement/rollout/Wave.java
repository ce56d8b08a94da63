package dev.orrery.placement.rollout;

import java.util.List;

/**
 * One step of a rollout: the clusters admitted to the new content together.
 *
 * @param name the decision group it comes from, with a part number when a group is split (e.g.
 *     {@code canary}, {@code rest-2})
 * @param clusters cluster names, sorted
 */
public record Wave(String name, List<String> clusters) {
  /** Copies the cluster list. */
  public Wave {
    clusters = List.copyOf(clusters);
  }
}
