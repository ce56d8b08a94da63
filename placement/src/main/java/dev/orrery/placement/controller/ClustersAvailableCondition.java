package dev.orrery.placement.controller;

import dev.orrery.controller.Conditions;
import java.util.List;
import java.util.Map;

/**
 * The {@value #TYPE} condition of a BindingPolicy: {@code True} while every cluster it selects is
 * available (OCM's lease-based {@code ManagedClusterConditionAvailable}), {@code False} naming the
 * unavailable ones and why. Orrery keeps placing onto an unavailable cluster (its ManifestWorks
 * wait in its mailbox); this condition says that they are not being picked up.
 */
public final class ClustersAvailableCondition {
  public static final String TYPE = "ClustersAvailable";

  private ClustersAvailableCondition() {}

  /**
   * @param selected the clusters the policy selects
   * @param unavailable every unavailable cluster with why
   * @param generation the policy's generation
   */
  public static Map<String, Object> of(
      List<String> selected, Map<String, String> unavailable, long generation) {
    List<String> down = selected.stream().filter(unavailable::containsKey).sorted().toList();
    if (down.isEmpty()) {
      return Conditions.condition(
          TYPE, true, "AllAvailable", "every selected cluster is available", generation);
    }
    String detail =
        String.join("; ", down.stream().map(c -> c + ": " + unavailable.get(c)).toList());
    return Conditions.condition(
        TYPE,
        false,
        "ClustersUnavailable",
        down.size() + " of " + selected.size() + " selected cluster(s) unavailable: " + detail,
        generation);
  }
}
