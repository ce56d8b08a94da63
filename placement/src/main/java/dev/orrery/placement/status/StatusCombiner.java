package dev.orrery.placement.status;

import dev.orrery.placement.match.ObjectKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;

/**
 * Decides and computes the {@code .status} of a WDS object from what its WECs reported.
 *
 * <ul>
 *   <li>Namespace and CRD objects: never written ({@link StatusDecision.Mode#NOT_APPLICABLE}).
 *   <li>Singleton requested and exactly one qualified WEC: that WEC's status is copied ({@code {}}
 *       until it reports); label {@value StatusDecision#SINGLETON_LABEL}.
 *   <li>Otherwise, multi-WEC requested and more than one qualified WEC: the reports of the
 *       qualified WECs are combined ({@link #combine}); label {@value
 *       StatusDecision#MULTI_WEC_LABEL}.
 *   <li>Otherwise both labels are removed and the status is {@code {}}.
 * </ul>
 */
public final class StatusCombiner {

  /** Deployment counters combined with min. */
  public static final List<String> DEPLOYMENT_MIN =
      List.of(
          "replicas",
          "updatedReplicas",
          "readyReplicas",
          "availableReplicas",
          "observedGeneration");

  /** Deployment counters combined with max. */
  public static final List<String> DEPLOYMENT_MAX = List.of("unavailableReplicas");

  /** ReplicaSet counters combined with min. */
  public static final List<String> REPLICASET_MIN =
      List.of(
          "replicas",
          "fullyLabeledReplicas",
          "readyReplicas",
          "availableReplicas",
          "observedGeneration");

  /** DaemonSet counters combined with min. */
  public static final List<String> DAEMONSET_MIN =
      List.of(
          "currentNumberScheduled",
          "desiredNumberScheduled",
          "numberReady",
          "observedGeneration",
          "updatedNumberScheduled",
          "numberAvailable",
          "numberUnavailable");

  /** DaemonSet counters combined with max. */
  public static final List<String> DAEMONSET_MAX = List.of("numberMisscheduled");

  private StatusCombiner() {}

  /**
   * The status decision for one object.
   *
   * @param key the object
   * @param qualified its qualified WEC sets
   * @param reportedByCluster the latest status each WEC reported for it (clusters that have not
   *     reported are absent)
   */
  public static StatusDecision decide(
      ObjectKey key, QualifiedWecs qualified, Map<String, Map<String, Object>> reportedByCluster) {
    if (isNeverWritten(key)) {
      return new StatusDecision(StatusDecision.Mode.NOT_APPLICABLE, null, Map.of(), Set.of());
    }
    if (qualified.singletonRequested() && qualified.singleton().size() == 1) {
      Map<String, Object> status = reportedByCluster.get(qualified.singleton().first());
      return StatusDecision.labelled(
          StatusDecision.Mode.SINGLETON,
          status == null ? Map.of() : status,
          StatusDecision.SINGLETON_LABEL);
    }
    if (qualified.multiRequested() && qualified.multi().size() > 1) {
      Map<String, Map<String, Object>> reports = new TreeMap<>();
      for (String cluster : qualified.multi()) {
        Map<String, Object> status = reportedByCluster.get(cluster);
        if (status != null) {
          reports.put(cluster, status);
        }
      }
      return StatusDecision.labelled(
          StatusDecision.Mode.MULTI_WEC,
          combine(key.group(), key.resource(), reports),
          StatusDecision.MULTI_WEC_LABEL);
    }
    return new StatusDecision(
        StatusDecision.Mode.CLEAR,
        Map.of(),
        Map.of(),
        Set.of(StatusDecision.SINGLETON_LABEL, StatusDecision.MULTI_WEC_LABEL));
  }

  /** Whether status is never written into objects of this kind (Namespaces, CRDs). */
  public static boolean isNeverWritten(ObjectKey key) {
    return (key.group().isEmpty() && key.resource().equals("namespaces"))
        || (key.group().equals("apiextensions.k8s.io")
            && key.resource().equals("customresourcedefinitions"));
  }

  /**
   * Combines the statuses reported by several WECs. Deployments, ReplicaSets and DaemonSets get
   * only their counters (a counter a WEC omits counts as 0, as Kubernetes omits zero counters);
   * other kinds get the one report when exactly one WEC reported, else {@code {}}. No report at all
   * gives {@code {}}.
   */
  public static Map<String, Object> combine(
      String group, String resource, Map<String, Map<String, Object>> reportedByCluster) {
    if (reportedByCluster.isEmpty()) {
      return Map.of();
    }
    String kind = "apps".equals(group) ? resource : "";
    return switch (kind) {
      case "deployments" -> counters(reportedByCluster, DEPLOYMENT_MIN, DEPLOYMENT_MAX);
      case "replicasets" -> counters(reportedByCluster, REPLICASET_MIN, List.of());
      case "daemonsets" -> counters(reportedByCluster, DAEMONSET_MIN, DAEMONSET_MAX);
      default ->
          reportedByCluster.size() == 1 ? reportedByCluster.values().iterator().next() : Map.of();
    };
  }

  private static Map<String, Object> counters(
      Map<String, Map<String, Object>> reports, List<String> minFields, List<String> maxFields) {
    Map<String, Object> combined = new LinkedHashMap<>();
    minFields.forEach(f -> combined.put(f, fold(reports, f, Math::min)));
    maxFields.forEach(f -> combined.put(f, fold(reports, f, Math::max)));
    return combined;
  }

  private static long fold(
      Map<String, Map<String, Object>> reports, String field, LongBinaryOperator op) {
    Long result = null;
    for (Map<String, Object> status : reports.values()) {
      long value = status.get(field) instanceof Number n ? n.longValue() : 0L;
      result = result == null ? value : op.applyAsLong(result, value);
    }
    return result == null ? 0L : result;
  }
}
