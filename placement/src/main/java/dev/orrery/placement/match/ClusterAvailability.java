package dev.orrery.placement.match;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a WEC is reachable, as OCM registration reports it on the ManagedCluster: the condition
 * {@value #CONDITION} is {@code True} while the cluster's agent renews its lease; the hub sets it
 * {@code Unknown} when the lease expires, and the agent {@code False} when the cluster's API server
 * is unhealthy. A ManagedCluster without the condition (not registered by an agent, e.g. created by
 * hand) counts as available: nothing says otherwise.
 */
public final class ClusterAvailability {
  /** OCM's availability condition on a ManagedCluster. */
  public static final String CONDITION = "ManagedClusterConditionAvailable";

  private ClusterAvailability() {}

  /**
   * Why the cluster is unavailable, e.g. {@code ManagedClusterConditionAvailable=Unknown
   * (ManagedClusterLeaseUpdateStopped: ...)}; empty when it is available or does not report.
   */
  public static Optional<String> unavailableReason(Map<String, Object> managedCluster) {
    Object raw = Unstructured.value(managedCluster, "status", "conditions").orElse(null);
    if (!(raw instanceof List<?> conditions)) {
      return Optional.empty();
    }
    for (Object c : conditions) {
      if (c instanceof Map<?, ?> condition && CONDITION.equals(condition.get("type"))) {
        Object status = condition.get("status");
        if ("True".equals(status)) {
          return Optional.empty();
        }
        StringBuilder why = new StringBuilder(CONDITION).append('=').append(status);
        Object reason = condition.get("reason");
        Object message = condition.get("message");
        if (reason != null || message != null) {
          why.append(" (");
          if (reason != null) {
            why.append(reason);
          }
          if (message != null && !String.valueOf(message).isBlank()) {
            why.append(reason != null ? ": " : "").append(message);
          }
          why.append(')');
        }
        return Optional.of(why.toString());
      }
    }
    return Optional.empty();
  }

  /** Whether the cluster counts as available (see the class comment). */
  public static boolean available(Map<String, Object> managedCluster) {
    return unavailableReason(managedCluster).isEmpty();
  }
}
