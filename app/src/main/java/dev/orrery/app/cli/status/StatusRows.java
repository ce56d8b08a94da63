package dev.orrery.app.cli.status;

import dev.orrery.app.gitsource.GitSourceStatus;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.status.WorkStaleness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns GitSources, BindingPolicies, ManagedClusters and ManifestWorks as read from the API into
 * status rows.
 */
public final class StatusRows {
  /** The ManagedCluster condition OCM's registration sets while the cluster's agent reports in. */
  static final String CLUSTER_AVAILABLE = "ManagedClusterConditionAvailable";

  private StatusRows() {}

  /** A GitSource's row, from its {@code Ready} condition and {@code status.lastAppliedRevision}. */
  public static SourceState source(GenericKubernetesResource source) {
    GitSourceStatus status = GitSourceStatus.parse(source.getAdditionalProperties().get("status"));
    Map<String, Object> ready = status.condition("Ready");
    return new SourceState(
        source.getMetadata().getNamespace(),
        source.getMetadata().getName(),
        text(ready.get("status")),
        text(ready.get("reason")),
        text(status.lastAppliedRevision()),
        text(ready.get("message")));
  }

  /**
   * A BindingPolicy's row, from Orrery's {@code selectedClusterCount}, {@code selectedObjectCount}
   * and {@code Ready}.
   */
  public static PolicyState policy(GenericKubernetesResource policy) {
    Map<String, Object> status = Unstructured.asMap(policy.getAdditionalProperties().get("status"));
    return new PolicyState(
        policy.getMetadata().getName(),
        number(status.get("selectedClusterCount")),
        number(status.get("selectedObjectCount")),
        text(condition(status.get("conditions"), "Ready").get("status")));
  }

  /**
   * A ManagedCluster's row with the ManifestWorks among {@code works} that are in its namespace, by
   * name.
   */
  public static ClusterState cluster(
      GenericKubernetesResource cluster, List<GenericKubernetesResource> works) {
    String name = cluster.getMetadata().getName();
    List<WorkState> mine = new ArrayList<>();
    for (GenericKubernetesResource w : works) {
      if (name.equals(w.getMetadata().getNamespace())) {
        mine.add(work(w));
      }
    }
    mine.sort(Comparator.comparing(WorkState::name));
    Map<String, Object> status =
        Unstructured.asMap(cluster.getAdditionalProperties().get("status"));
    Map<String, String> labels = cluster.getMetadata().getLabels();
    return new ClusterState(
        name,
        labels == null ? Map.of() : labels,
        text(condition(status.get("conditions"), CLUSTER_AVAILABLE).get("status")),
        mine);
  }

  /**
   * A ManifestWork's row: its manifest count and its {@code Applied} and {@code Available}
   * conditions.
   */
  public static WorkState work(GenericKubernetesResource work) {
    return work(work, Instant.now());
  }

  /**
   * The same, at time {@code now}: a work whose change the agent has not acknowledged within {@link
   * WorkStaleness#GRACE} says since when, ahead of any other message.
   */
  public static WorkState work(GenericKubernetesResource work, Instant now) {
    Map<String, Object> spec = Unstructured.asMap(work.getAdditionalProperties().get("spec"));
    Object manifests = Unstructured.asMap(spec.get("workload")).get("manifests");
    Map<String, Object> status = Unstructured.asMap(work.getAdditionalProperties().get("status"));
    Map<String, Object> applied = condition(status.get("conditions"), "Applied");
    Map<String, Object> available = condition(status.get("conditions"), "Available");
    String message = null;
    for (Map<String, Object> c : List.of(applied, available)) {
      if (!c.isEmpty() && !"True".equals(c.get("status"))) {
        message = text(c.get("message"));
        break;
      }
    }
    Optional<Instant> stale =
        new WorkStaleness(WorkStaleness.GRACE).since(Unstructureds.toMap(work), now);
    if (stale.isPresent()) {
      message =
          "stale since "
              + stale.get()
              + ": the work agent has not acknowledged generation "
              + work.getMetadata().getGeneration();
    }
    return new WorkState(
        work.getMetadata().getName(),
        manifests instanceof List<?> l ? l.size() : 0,
        text(applied.get("status")),
        text(available.get("status")),
        message);
  }

  /** The condition of this type in a {@code conditions} list, or an empty map. */
  public static Map<String, Object> condition(Object conditions, String type) {
    if (conditions instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> c = Unstructured.asMap(o);
        if (type.equals(c.get("type"))) {
          return c;
        }
      }
    }
    return Map.of();
  }

  private static String text(Object o) {
    return o == null || o.toString().isEmpty() ? null : o.toString();
  }

  private static Integer number(Object o) {
    return o instanceof Number n ? n.intValue() : null;
  }
}
