package dev.orrery.placement.controller;

import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.binding.PlacementDecisionBuilder;
import dev.orrery.placement.binding.PlacementDecisionPlan;
import dev.orrery.placement.match.Unstructured;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each BindingPolicy's clusters as OCM PlacementDecisions in one ITS namespace, so Argo
 * CD's cluster decision resource generator (and anything else that reads OCM placement) can use
 * Orrery's placement. The clusters are the policy's Binding destinations, i.e. what Orrery placed
 * (removals held by the deletion guard stay listed). Writes only what differs from the informer
 * cache; deletes a policy's PlacementDecisions when the policy is gone.
 */
final class PlacementDecisionReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementDecisionReconciler.class);
  private static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  private final KubernetesClient its;
  private final PlacementCaches caches;
  private final String namespace;
  private final Map<String, String> ownLabels;
  private SharedIndexInformer<GenericKubernetesResource> decisions;

  PlacementDecisionReconciler(
      KubernetesClient its, PlacementCaches caches, String namespace, String wdsName) {
    this.its = its;
    this.caches = caches;
    this.namespace = namespace;
    this.ownLabels = Map.of(Apis.WDS_NAME_LABEL, wdsName, MANAGED_BY_LABEL, Apis.FIELD_MANAGER);
  }

  /**
   * Creates the namespace if missing and watches this WDS's PlacementDecisions; each one found or
   * changed queues its policy (so those of policies deleted while Orrery was down are removed too).
   * An ITS without the PlacementDecision CRD is reported and publishes nothing; placement goes on.
   */
  void start(Consumer<String> queuePolicy) {
    its.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .fieldManager(Apis.FIELD_MANAGER)
        .serverSideApply();
    try {
      decisions = inform(queuePolicy);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      LOG.error(
          "the ITS has no PlacementDecision CRD ({}): not publishing PlacementDecisions",
          Apis.PLACEMENT_DECISIONS.getPlural() + "." + Apis.PLACEMENT_DECISIONS.getGroup());
    }
  }

  private SharedIndexInformer<GenericKubernetesResource> inform(Consumer<String> queuePolicy) {
    return its.genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
        .inNamespace(namespace)
        .withLabel(Apis.WDS_NAME_LABEL, ownLabels.get(Apis.WDS_NAME_LABEL))
        .withLabel(PlacementDecisionBuilder.PLACEMENT_LABEL)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(GenericKubernetesResource obj) {
                queuePolicy.accept(policyOf(obj));
              }

              @Override
              public void onUpdate(
                  GenericKubernetesResource before, GenericKubernetesResource after) {
                queuePolicy.accept(policyOf(after));
              }

              @Override
              public void onDelete(GenericKubernetesResource obj, boolean unknownFinalState) {
                queuePolicy.accept(policyOf(obj));
              }
            },
            0);
  }

  Optional<Duration> reconcile(String policy) {
    if (decisions == null) {
      return Optional.empty();
    }
    List<Map<String, Object>> stored =
        decisions.getStore().list().stream()
            .filter(d -> policy.equals(policyOf(d)))
            .map(Unstructureds::toMap)
            .toList();
    GenericKubernetesResource p = caches.policy(policy);
    if (p == null) {
      stored.forEach(d -> delete(name(d)));
      return Optional.empty();
    }
    GenericKubernetesResource binding = caches.binding(policy);
    if (binding == null || binding.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    Optional<String> problem = PlacementDecisionBuilder.problem(policy);
    if (problem.isPresent()) {
      LOG.warn("not publishing PlacementDecisions: {}", problem.get());
      return Optional.empty();
    }
    List<String> clusters = caches.content(binding).destinations();
    List<Map<String, Object>> desired =
        PlacementDecisionBuilder.build(policy, namespace, ownLabels, clusters);
    PlacementDecisionPlan plan = PlacementDecisionPlan.of(desired, stored);
    if (plan.isEmpty()) {
      return Optional.empty();
    }
    plan.objectWrites().forEach(this::applyObject);
    plan.statusWrites().forEach(this::applyStatus);
    plan.deletions().forEach(this::delete);
    LOG.info(
        "PlacementDecisions of {} now list {} cluster(s) in {} object(s)",
        policy,
        clusters.size(),
        desired.size());
    return Optional.empty();
  }

  private void applyObject(Map<String, Object> decision) {
    Map<String, Object> object = new LinkedHashMap<>(decision);
    object.remove("status");
    its.genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
        .inNamespace(namespace)
        .resource(Unstructureds.fromMap(object))
        .fieldManager(Apis.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private void applyStatus(Map<String, Object> decision) {
    Map<String, Object> object = new LinkedHashMap<>(decision);
    Map<String, Object> metadata =
        new LinkedHashMap<>(Unstructured.asMap(decision.get("metadata")));
    metadata.remove("labels");
    object.put("metadata", metadata);
    GenericKubernetesResource resource = Unstructureds.fromMap(object);
    its.genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
        .inNamespace(namespace)
        .resource(resource)
        .status()
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(Apis.FIELD_MANAGER)
                .withForce(true)
                .build(),
            resource);
  }

  private void delete(String name) {
    try {
      its.genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
          .inNamespace(namespace)
          .withName(name)
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static String policyOf(GenericKubernetesResource decision) {
    Map<String, String> labels = decision.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(PlacementDecisionBuilder.PLACEMENT_LABEL, "");
  }

  private static String name(Map<String, Object> decision) {
    return String.valueOf(Unstructured.asMap(decision.get("metadata")).get("name"));
  }

  @Override
  public void close() {
    if (decisions != null) {
      decisions.close();
    }
  }
}
