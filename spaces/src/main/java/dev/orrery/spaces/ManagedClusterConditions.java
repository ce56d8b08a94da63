package dev.orrery.spaces;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** Reads the registration conditions OCM keeps on a ManagedCluster's status. */
public final class ManagedClusterConditions {
  public static final String JOINED = "ManagedClusterJoined";
  public static final String AVAILABLE = "ManagedClusterConditionAvailable";

  private ManagedClusterConditions() {}

  /** Both {@value #JOINED} and {@value #AVAILABLE} are {@code True}. */
  public static boolean joinedAndAvailable(GenericKubernetesResource managedCluster) {
    return "True".equals(status(managedCluster, JOINED))
        && "True".equals(status(managedCluster, AVAILABLE));
  }

  /** The status ({@code True}, {@code False}, {@code Unknown}) of a condition, or null. */
  @SuppressWarnings("unchecked")
  public static String status(GenericKubernetesResource managedCluster, String type) {
    if (managedCluster == null
        || !(managedCluster.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    for (Object c : conditions) {
      if (c instanceof Map<?, ?> condition && type.equals(condition.get("type"))) {
        return (String) condition.get("status");
      }
    }
    return null;
  }
}
