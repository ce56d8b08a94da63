package dev.orrery.placement.controller;

import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.collector.CombinedStatusNames;
import dev.orrery.placement.match.BindingPolicySpec;
import dev.orrery.placement.match.ClusterAvailability;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.PolicyMatcher;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.status.DeliveryState;
import dev.orrery.placement.status.ManifestConditions;
import dev.orrery.placement.status.PlacedRevision;
import dev.orrery.placement.status.WorkStaleness;
import dev.orrery.placement.transport.ManifestWorkReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only questions about placement, answered from the informer caches (never live reads). */
final class PlacementQueries {
  private final PlacementCaches caches;
  private final FeedbackIndex feedback;
  private final WorkStaleness staleness = new WorkStaleness(WorkStaleness.GRACE);

  PlacementQueries(PlacementCaches caches, FeedbackIndex feedback) {
    this.caches = caches;
    this.feedback = feedback;
  }

  /** Fails unless every cache the answers come from is synced and watching. */
  void requireReadable() {
    check("ManagedClusters (ITS)", caches.clusters);
    check("ManifestWorks (ITS)", caches.works);
    check("BindingPolicies (WDS)", caches.policies);
    check("Bindings (WDS)", caches.bindings);
  }

  List<InventoryCluster> inventory() {
    requireReadable();
    return caches.clusters.getStore().list().stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .map(PlacementQueries::inventoryCluster)
        .sorted(Comparator.comparing(InventoryCluster::name))
        .toList();
  }

  List<String> policyNames() {
    requireReadable();
    return caches.policies().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  Optional<Map<String, Object>> policyResource(String name) {
    requireReadable();
    return Optional.ofNullable(caches.policy(name)).map(Unstructureds::toMap);
  }

  Optional<Map<String, Object>> clusterResource(String name) {
    requireReadable();
    return Optional.ofNullable(caches.clusters.getStore().getByKey(name)).map(Unstructureds::toMap);
  }

  List<Map<String, Object>> combinedStatuses(String policy) {
    if (caches.combinedStatuses == null) {
      return List.of();
    }
    return caches.combinedStatuses.getStore().list().stream()
        .filter(
            c ->
                c.getMetadata().getLabels() != null
                    && policy.equals(
                        c.getMetadata().getLabels().get(CombinedStatusNames.BINDING_POLICY_LABEL)))
        .map(Unstructureds::toMap)
        .toList();
  }

  Optional<PolicyPlacement> policy(String name) {
    requireReadable();
    GenericKubernetesResource policy = caches.policy(name);
    if (policy == null || policy.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    Parsed<BindingPolicySpec> spec = caches.parsedPolicy(policy).spec();
    GenericKubernetesResource binding = caches.binding(name);
    List<String> clusters;
    boolean bound = binding != null && binding.getMetadata().getDeletionTimestamp() == null;
    if (bound) {
      clusters = caches.content(binding).destinations();
    } else if (spec.isValid()) {
      clusters =
          new PolicyMatcher(spec.value())
              .selectClusters(caches.clusters()).stream().sorted().toList();
    } else {
      clusters = List.of();
    }
    return Optional.of(
        new PolicyPlacement(
            name, policy.getMetadata().getAnnotations(), clusters, spec.errors(), bound));
  }

  /**
   * No ManifestWork yet for objects that are placed there counts as {@code Progressing}, not {@code
   * Unknown}. A work agent that has not acknowledged a change within {@link WorkStaleness#GRACE}
   * makes the delivery stale since the time of that change (remembered while it stays
   * unacknowledged).
   */
  ClusterDelivery delivery(String cluster, String policy) {
    requireReadable();
    List<GenericKubernetesResource> works =
        policy == null ? caches.allWorks() : caches.worksOf(policy);
    List<Map<String, Object>> inMailbox =
        works.stream()
            .filter(w -> cluster.equals(w.getMetadata().getNamespace()))
            .map(Unstructureds::toMap)
            .toList();
    List<Map<String, Object>> placed = new ArrayList<>();
    for (BindingContent content : bindingsOf(policy)) {
      if (content.destinations().contains(cluster)) {
        for (BindingEntry entry : content.entries()) {
          caches.objects().get(entry.ref().key()).map(Unstructureds::toMap).ifPresent(placed::add);
        }
      }
    }
    DeliveryState state = DeliveryState.of(inMailbox);
    if (state == DeliveryState.UNKNOWN && !placed.isEmpty()) {
      state = DeliveryState.PROGRESSING;
    }
    return new ClusterDelivery(
        state,
        PlacedRevision.newest(placed, Apis.FIELD_MANAGER),
        staleness.since(inMailbox, Instant.now()));
  }

  /**
   * Every object a policy places, per destination cluster, with the WEC's Applied/Available
   * conditions, the manifest delivered and the status the WEC returned: what reporting back to Git
   * writes down and what the dashboard judges readiness from. Empty while the caches are not
   * started.
   */
  List<PlacedObject> placedObjects(String policy) {
    if (caches.bindings == null || caches.works == null) {
      return List.of();
    }
    GenericKubernetesResource binding = caches.binding(policy);
    if (binding == null) {
      return List.of();
    }
    BindingContent content = caches.content(binding);
    List<PlacedObject> out = new ArrayList<>();
    Map<ObjectKey, Map<String, Map<String, Object>>> returned = new HashMap<>();
    for (BindingEntry entry : content.entries()) {
      returned.put(entry.ref().key(), feedback.reported(entry.ref().key()));
    }
    for (String cluster : content.destinations()) {
      List<Map<String, Object>> works =
          caches.worksOf(policy).stream()
              .filter(w -> cluster.equals(w.getMetadata().getNamespace()))
              .map(Unstructureds::toMap)
              .toList();
      Map<ObjectKey, ManifestConditions.State> states = ManifestConditions.of(works);
      Map<ObjectKey, Map<String, Object>> delivered = ManifestWorkReader.deliveredManifests(works);
      for (BindingEntry entry : content.entries()) {
        ObjectKey key = entry.ref().key();
        ManifestConditions.State state = states.getOrDefault(key, ManifestConditions.State.UNKNOWN);
        GenericKubernetesResource object = caches.objects().get(key).orElse(null);
        String kind = object == null ? "" : object.getKind();
        Map<String, String> annotations =
            object == null || object.getMetadata().getAnnotations() == null
                ? Map.of()
                : object.getMetadata().getAnnotations();
        Map<String, String> labels =
            object == null || object.getMetadata().getLabels() == null
                ? Map.of()
                : object.getMetadata().getLabels();
        Map<String, Object> reported =
            labels.containsKey(Apis.SINGLETON_LABEL) || labels.containsKey(Apis.MULTIWEC_LABEL)
                ? Unstructured.asMap(object.getAdditionalProperties().get("status"))
                : null;
        out.add(
            new PlacedObject(
                cluster,
                entry.ref(),
                kind,
                state.applied(),
                state.available(),
                annotations.get("gitops.orrery.dev/revision"),
                reported,
                delivered.get(key),
                returned.get(key).get(cluster)));
      }
    }
    return out;
  }

  private List<BindingContent> bindingsOf(String policy) {
    if (policy == null) {
      return caches.bindingContents();
    }
    GenericKubernetesResource binding = caches.binding(policy);
    if (binding == null || binding.getMetadata().getDeletionTimestamp() != null) {
      return List.of();
    }
    return List.of(caches.content(binding));
  }

  private static InventoryCluster inventoryCluster(GenericKubernetesResource managedCluster) {
    Map<String, Object> map = Unstructureds.toMap(managedCluster);
    Object configs = Unstructured.value(map, "spec", "managedClusterClientConfigs").orElse(null);
    Optional<String> url = Optional.empty();
    if (configs instanceof List<?> list
        && !list.isEmpty()
        && list.get(0) instanceof Map<?, ?> first
        && first.get("url") instanceof String u
        && !u.isBlank()) {
      url = Optional.of(u);
    }
    return new InventoryCluster(
        managedCluster.getMetadata().getName(),
        managedCluster.getMetadata().getLabels(),
        managedCluster.getMetadata().getAnnotations(),
        url,
        ClusterAvailability.unavailableReason(map));
  }

  private static void check(String what, SharedIndexInformer<?> informer) {
    if (informer == null || !informer.hasSynced()) {
      throw new InventoryUnavailableException("Orrery has not loaded the " + what + " yet");
    }
    if (!informer.isWatching()) {
      throw new InventoryUnavailableException(
          "Orrery's watch on the " + what + " is down; its view may be stale");
    }
  }
}
