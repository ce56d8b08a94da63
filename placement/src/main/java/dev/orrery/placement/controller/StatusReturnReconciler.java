package dev.orrery.placement.controller;

import dev.orrery.controller.ResourceType;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.status.QualifiedWecs;
import dev.orrery.placement.status.StatusCombiner;
import dev.orrery.placement.status.StatusDecision;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Brings WEC status back into one WDS object: its CombinedStatuses, and the singleton WEC's status
 * or the multi-WEC combination with the matching label; clears both when the qualified set stops
 * fitting. Objects never placed with reported state requested are left alone.
 */
final class StatusReturnReconciler {
  private final KubernetesClient wds;
  private final PlacementCaches caches;
  private final FeedbackIndex feedback;
  private final CombinedStatusWriter combined;
  private final StatusReturnClock clock;

  StatusReturnReconciler(
      KubernetesClient wds,
      PlacementCaches caches,
      FeedbackIndex feedback,
      CombinedStatusWriter combined,
      StatusReturnClock clock) {
    this.wds = wds;
    this.caches = caches;
    this.feedback = feedback;
    this.combined = combined;
    this.clock = clock;
  }

  Optional<Duration> reconcile(ObjectKey key) {
    clock.reconciled(key, returnStatus(key));
    return Optional.empty();
  }

  /** Writes the object's returned status and labels when they differ; whether it wrote either. */
  private boolean returnStatus(ObjectKey key) {
    Optional<GenericKubernetesResource> cached = caches.objects().get(key);
    Optional<ResourceType> type = caches.objects().type(key.group(), key.resource());
    if (cached.isEmpty() || type.isEmpty()) {
      return false;
    }
    GenericKubernetesResource object = cached.get();
    combined.reconcile(key, object);
    QualifiedWecs qualified = QualifiedWecs.of(key, caches.bindingContents());
    StatusDecision decision = StatusCombiner.decide(key, qualified, feedback.reported(key));
    Map<String, String> labels =
        object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    boolean managedBefore =
        labels.containsKey(Apis.SINGLETON_LABEL) || labels.containsKey(Apis.MULTIWEC_LABEL);
    if (decision.mode() == StatusDecision.Mode.CLEAR && !managedBefore) {
      return false;
    }
    Map<String, Object> current = Unstructureds.toMap(object);
    if (!decision.requiresWrite(current)) {
      return false;
    }
    boolean wroteStatus = writeStatus(type.get(), object, current, decision.status());
    boolean wroteLabels = writeLabels(type.get(), object, decision);
    return wroteStatus || wroteLabels;
  }

  private boolean writeStatus(
      ResourceType type,
      GenericKubernetesResource object,
      Map<String, Object> current,
      Map<String, Object> status) {
    if (java.util.Objects.equals(
        current.get("status") == null ? Map.of() : current.get("status"), status)) {
      return false;
    }
    Map<String, Object> updated = new LinkedHashMap<>(current);
    updated.put("status", status);
    var resource = resource(type, object);
    try {
      resource.resource(Unstructureds.fromMap(updated)).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 405) {
        throw e;
      }
      // No status subresource: merge-patch the main resource.
      Map<String, Object> patch = new LinkedHashMap<>();
      patch.put("status", status.isEmpty() ? null : status);
      resource
          .withName(object.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    }
    return true;
  }

  private boolean writeLabels(
      ResourceType type, GenericKubernetesResource object, StatusDecision decision) {
    Map<String, Object> labels = new LinkedHashMap<>(decision.setLabels());
    Map<String, String> have =
        object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    decision.removeLabels().stream().filter(have::containsKey).forEach(l -> labels.put(l, null));
    if (labels.entrySet().stream()
        .allMatch(e -> e.getValue() != null && e.getValue().equals(have.get(e.getKey())))) {
      return false;
    }
    Map<String, Object> patch = Map.of("metadata", Map.of("labels", labels));
    resource(type, object)
        .withName(object.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    return true;
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      resource(ResourceType type, GenericKubernetesResource object) {
    var all = wds.genericKubernetesResources(type.context());
    return type.namespaced() ? all.inNamespace(object.getMetadata().getNamespace()) : all;
  }
}
