package dev.orrery.app.dashboard;

import dev.orrery.app.gitsource.GitSourceReconciler;
import dev.orrery.app.gitsource.GitSourceStatus;
import dev.orrery.app.sync.InventoryEntry;
import dev.orrery.placement.controller.InventoryCluster;
import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.controller.PolicyPlacement;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.match.WorkloadRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON documents of the dashboard's detail pages (a GitSource, a BindingPolicy, a cluster),
 * built from cached facts; pure.
 */
public final class DetailViews {
  private DetailViews() {}

  /** A GitSource's page: revisions, errors with path and line, inventory, holds, Events. */
  public static Map<String, Object> gitSource(
      SourceFacts source,
      Map<String, List<PlacedObject>> placedByCluster,
      List<EventFacts> events) {
    GitSourceStatus status = source.status();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "GitSource");
    out.put("namespace", source.namespace());
    out.put("name", source.name());
    out.put("url", text(source.spec().get("url")));
    out.put("ref", source.spec().getOrDefault("ref", Map.of()));
    out.put("paths", source.spec().getOrDefault("paths", List.of()));
    out.put("interval", text(source.spec().get("interval")));
    out.put("state", source.state());
    out.put("message", text(status.condition("Ready").get("message")));
    out.put("lastAppliedRevision", text(status.lastAppliedRevision()));
    out.put("lastAppliedTime", text(status.lastAppliedTime()));
    out.put("lastFetchedRevision", text(status.lastFetchedRevision()));
    out.put("lastFetchTime", text(status.lastFetchTime()));
    out.put("lastWebhookTime", text(status.lastWebhookTime()));
    out.put("lastDriftCheckTime", text(status.lastDriftCheckTime()));
    boolean rejected = status.fetchedNotApplied() && !source.held();
    out.put("rejectedRevision", rejected ? status.lastFetchedRevision() : "");
    out.put("errors", status.errorsOrEmpty().stream().map(ErrorLine::parse).toList());
    out.put("hold", hold(source));
    List<Map<String, Object>> inventory = new ArrayList<>();
    status.inventoryOrEmpty().entries().values().stream()
        .sorted(Comparator.comparing(InventoryEntry::id))
        .forEach(
            e -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("apiVersion", e.apiVersion());
              m.put("kind", e.kind());
              m.put("namespace", e.namespace());
              m.put("name", e.name());
              inventory.add(m);
            });
    out.put("inventory", inventory);
    out.put("policies", status.inventoryOrEmpty().bindingPolicies());
    Map<String, CellState> clusters = new TreeMap<>();
    java.util.Set<String> current =
        status.lastAppliedRevision() == null
            ? java.util.Set.of()
            : java.util.Set.of(status.lastAppliedRevision());
    placedByCluster.forEach(
        (cluster, placed) ->
            clusters.put(
                cluster,
                status.lastAppliedRevision() == null
                    ? CellState.of(placed, current)
                    : CellState.of(placed, current).withRevision(status.lastAppliedRevision())));
    out.put("clusters", clusters);
    out.put("events", events);
    return out;
  }

  /**
   * The deletion guard's hold on the fetched revision and how to confirm it, or null when nothing
   * is held.
   */
  static Map<String, Object> hold(SourceFacts source) {
    if (!source.held()) {
      return null;
    }
    String revision = source.status().lastFetchedRevision();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("revision", text(revision));
    m.put("message", text(source.status().condition("Ready").get("message")));
    m.put("annotation", GitSourceReconciler.CONFIRM_DELETIONS_ANNOTATION);
    m.put(
        "command",
        "kubectl annotate gitsource -n "
            + source.namespace()
            + " "
            + source.name()
            + " --overwrite "
            + GitSourceReconciler.CONFIRM_DELETIONS_ANNOTATION
            + "="
            + text(revision));
    m.put(
        "confirmed",
        revision != null
            && revision.equals(
                source.annotations().get(GitSourceReconciler.CONFIRM_DELETIONS_ANNOTATION)));
    return m;
  }

  /** A BindingPolicy's page: clusters, objects per cluster, conditions, CombinedStatus, Events. */
  public static Map<String, Object> policy(
      PolicyPlacement placement,
      Map<String, Object> resource,
      List<PlacedObject> placed,
      List<Map<String, Object>> combinedStatuses,
      String decisionNamespace,
      List<EventFacts> events) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "BindingPolicy");
    out.put("name", placement.name());
    out.put("clusters", placement.clusters());
    out.put("bound", placement.bound());
    out.put("errors", placement.errors());
    Map<String, Object> spec = Unstructured.asMap(resource.get("spec"));
    out.put("clusterSelectors", spec.getOrDefault("clusterSelectors", List.of()));
    out.put("downsync", spec.getOrDefault("downsync", List.of()));
    out.put(
        "conditions",
        Unstructured.asMap(resource.get("status")).getOrDefault("conditions", List.of()));
    Map<String, Map<String, Object>> objects = new TreeMap<>();
    for (PlacedObject o : placed) {
      Map<String, Object> row =
          objects.computeIfAbsent(
              describe(o.ref()),
              k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("object", k);
                m.put("kind", o.kind());
                m.put("clusters", new TreeMap<String, Object>());
                return m;
              });
      @SuppressWarnings("unchecked")
      Map<String, Object> perCluster = (Map<String, Object>) row.get("clusters");
      perCluster.put(o.cluster(), objectState(o));
    }
    out.put("objects", List.copyOf(objects.values()));
    List<Map<String, Object>> combined = new ArrayList<>();
    for (Map<String, Object> c : combinedStatuses) {
      Map<String, Object> labels =
          Unstructured.asMap(Unstructured.asMap(c.get("metadata")).get("labels"));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", Unstructured.asMap(c.get("metadata")).get("name"));
      m.put(
          "object",
          text(labels.get("status.kubestellar.io/resource"))
              + " "
              + text(labels.get("status.kubestellar.io/namespace"))
              + "/"
              + text(labels.get("status.kubestellar.io/name")));
      m.put("results", c.getOrDefault("results", List.of()));
      combined.add(m);
    }
    out.put("combinedStatuses", combined);
    out.put(
        "placementDecisions",
        decisionNamespace == null
            ? Map.of()
            : Map.of("namespace", decisionNamespace, "clusters", placement.clusters()));
    out.put("events", events);
    return out;
  }

  /** A cluster's page: labels, availability, objects by policy with what the WEC reports. */
  public static Map<String, Object> cluster(
      InventoryCluster cluster,
      Map<String, Object> resource,
      Map<String, List<PlacedObject>> placedByPolicy) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "Cluster");
    out.put("name", cluster.name());
    out.put("labels", new TreeMap<>(cluster.labels()));
    out.put("apiServer", cluster.apiServerUrl().orElse(""));
    Object conditions =
        Unstructured.asMap(resource.get("status")).getOrDefault("conditions", List.of());
    out.put("conditions", conditions);
    out.put("availability", availability(conditions));
    List<Map<String, Object>> policies = new ArrayList<>();
    new TreeMap<>(placedByPolicy)
        .forEach(
            (policy, placed) -> {
              List<Map<String, Object>> objects = new ArrayList<>();
              placed.stream()
                  .filter(o -> o.cluster().equals(cluster.name()))
                  .sorted(Comparator.comparing(PlacedObject::ref))
                  .forEach(
                      o -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("object", describe(o.ref()));
                        m.put("kind", o.kind());
                        m.putAll(objectState(o));
                        // What the work agent returned, when the WDS object does not hold it.
                        m.put("feedback", o.reportedStatus() == null ? o.feedback() : null);
                        objects.add(m);
                      });
              if (!objects.isEmpty()) {
                policies.add(Map.of("policy", policy, "objects", objects));
              }
            });
    out.put("policies", policies);
    return out;
  }

  /**
   * {@code True}, {@code False} or {@code Unknown}: the ManagedCluster's {@code
   * ManagedClusterConditionAvailable} condition (Unknown when no registration agent reports one).
   */
  static String availability(Object conditions) {
    if (conditions instanceof List<?> list) {
      for (Object c : list) {
        Map<String, Object> m = Unstructured.asMap(c);
        if ("ManagedClusterConditionAvailable".equals(m.get("type"))) {
          return text(m.get("status"));
        }
      }
    }
    return "Unknown";
  }

  private static Map<String, Object> objectState(PlacedObject o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("applied", o.applied());
    m.put("available", o.available());
    Readiness readiness = Readiness.of(o);
    m.put("health", readiness.state());
    m.put("reason", readiness.reason());
    m.put("revision", o.revision());
    m.put("status", o.reportedStatus());
    return m;
  }

  /** {@code resource.group namespace/name}, as in {@code kubectl get} output. */
  static String describe(WorkloadRef ref) {
    String type = ref.group().isEmpty() ? ref.resource() : ref.resource() + "." + ref.group();
    return type
        + " "
        + (ref.namespace().isEmpty() ? ref.name() : ref.namespace() + "/" + ref.name());
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }
}
