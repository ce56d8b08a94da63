package dev.orrery.placement.controller;

import dev.orrery.controller.StatusWrites;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.collector.CombinedStatusCalculator;
import dev.orrery.placement.collector.CombinedStatusNames;
import dev.orrery.placement.collector.CompiledCollector;
import dev.orrery.placement.collector.WecRow;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.Unstructured;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one CombinedStatus per (object, BindingPolicy) whose matching clauses name
 * StatusCollectors: rows are the WECs of that policy's Binding with the status each returned,
 * combined by the valid collectors (CEL). Owned by the object, so it goes with it; written only
 * when its results change.
 */
final class CombinedStatusWriter {
  private final KubernetesClient wds;
  private final PlacementCaches caches;
  private final FeedbackIndex feedback;
  private final Map<String, CompiledCollector> compiled = new ConcurrentHashMap<>();

  CombinedStatusWriter(KubernetesClient wds, PlacementCaches caches, FeedbackIndex feedback) {
    this.wds = wds;
    this.caches = caches;
    this.feedback = feedback;
  }

  /**
   * Writes the object's CombinedStatuses, one per BindingPolicy whose clauses for it name
   * collectors, and deletes those of policies that are gone or no longer ask for one.
   */
  void reconcile(ObjectKey key, GenericKubernetesResource object) {
    Set<String> wanted = new HashSet<>();
    for (GenericKubernetesResource binding : caches.bindings.getStore().list()) {
      GenericKubernetesResource policy = caches.policy(binding.getMetadata().getName());
      if (binding.getMetadata().getDeletionTimestamp() != null
          || policy == null
          || policy.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      BindingContent content = caches.content(binding);
      for (BindingEntry entry : content.entries()) {
        if (entry.ref().key().equals(key) && !entry.modulation().statusCollectors().isEmpty()) {
          wanted.add(
              write(
                  key,
                  object,
                  policy,
                  content.destinations(),
                  entry.modulation().statusCollectors()));
        }
      }
    }
    for (GenericKubernetesResource stale :
        caches.combinedStatusesOf(object.getMetadata().getUid())) {
      if (!wanted.contains(stale.getMetadata().getName())) {
        wds.genericKubernetesResources(Apis.COMBINED_STATUSES)
            .inNamespace(stale.getMetadata().getNamespace())
            .withName(stale.getMetadata().getName())
            .delete();
      }
    }
  }

  /** Writes the CombinedStatus of (object, policy) when its results changed; returns its name. */
  private String write(
      ObjectKey key,
      GenericKubernetesResource object,
      GenericKubernetesResource policy,
      List<String> clusters,
      List<String> collectorNames) {
    List<CompiledCollector> collectors = new ArrayList<>();
    for (String name : collectorNames) {
      CompiledCollector c = collector(name);
      if (c != null) {
        collectors.add(c);
      }
    }
    Map<String, Map<String, Object>> reported = feedback.reported(key);
    List<WecRow> rows = clusters.stream().map(c -> new WecRow(c, reported.get(c), null)).toList();
    List<Map<String, Object>> results =
        CombinedStatusCalculator.compute(collectors, Unstructureds.toMap(object), rows).results();

    String namespace = CombinedStatusNames.namespace(key);
    String name =
        CombinedStatusNames.name(object.getMetadata().getUid(), policy.getMetadata().getUid());
    GenericKubernetesResource cached =
        caches.combinedStatuses.getStore().getByKey(namespace + "/" + name);
    if (cached != null
        && Objects.equals(cached.getAdditionalProperties().get("results"), results)) {
      return name;
    }
    if (key.isClusterScoped() && wds.namespaces().withName(namespace).get() == null) {
      wds.resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .createOr(n -> n.update());
    }
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("apiVersion", object.getApiVersion());
    owner.put("kind", object.getKind());
    owner.put("name", object.getMetadata().getName());
    owner.put("uid", object.getMetadata().getUid());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    metadata.put("labels", CombinedStatusNames.labels(key, policy.getMetadata().getName()));
    metadata.put("ownerReferences", List.of(owner));
    Map<String, Object> combined = new LinkedHashMap<>();
    combined.put("apiVersion", "control.kubestellar.io/v1alpha1");
    combined.put("kind", "CombinedStatus");
    combined.put("metadata", metadata);
    combined.put("results", results);
    wds.genericKubernetesResources(Apis.COMBINED_STATUSES)
        .inNamespace(namespace)
        .resource(Unstructureds.fromMap(combined))
        .fieldManager(Apis.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    return name;
  }

  /**
   * The compiled collector of that name, or null when it is missing or invalid (its status says
   * why).
   */
  CompiledCollector collector(String name) {
    GenericKubernetesResource c = caches.collectors.getStore().getByKey(name);
    if (c == null) {
      compiled.remove(name);
      return null;
    }
    String cacheKey = name + "@" + c.getMetadata().getResourceVersion();
    CompiledCollector hit = compiled.get(cacheKey);
    if (hit != null) {
      return hit;
    }
    Parsed<CompiledCollector> parsed =
        CompiledCollector.compile(
            name, Unstructured.asMap(c.getAdditionalProperties().get("spec")));
    compiled.keySet().removeIf(k -> k.startsWith(name + "@"));
    if (!parsed.isValid()) {
      return null;
    }
    compiled.put(cacheKey, parsed.value());
    return parsed.value();
  }

  /** Writes a StatusCollector's validation errors into its status (only when they change). */
  void validate(GenericKubernetesResource collector) {
    Parsed<CompiledCollector> parsed =
        CompiledCollector.compile(
            collector.getMetadata().getName(),
            Unstructured.asMap(collector.getAdditionalProperties().get("spec")));
    Map<String, Object> previous =
        Unstructured.asMap(collector.getAdditionalProperties().get("status"));
    Map<String, Object> status = new LinkedHashMap<>(previous);
    status.put("errors", parsed.errors());
    status.put("observedGeneration", collector.getMetadata().getGeneration());
    if (Objects.equals(previous, status)) {
      return;
    }
    StatusWrites.patchStatus(wds, Apis.STATUS_COLLECTORS, collector, status);
  }
}
