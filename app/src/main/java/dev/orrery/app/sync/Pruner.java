package dev.orrery.app.sync;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/** Deletes objects a GitSource applied before and no longer renders, if they are still its own. */
public final class Pruner {

  /** Result of one prune: deleted, already gone, or left alone because another owner took it. */
  public enum Outcome {
    DELETED,
    GONE,
    NOT_OURS
  }

  public Outcome prune(KubernetesClient client, InventoryEntry entry, String sourceLabelValue) {
    int slash = entry.apiVersion().indexOf('/');
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(slash < 0 ? "" : entry.apiVersion().substring(0, slash))
            .withVersion(entry.apiVersion().substring(slash + 1))
            .withKind(entry.kind())
            .withPlural(entry.resource())
            .withNamespaced(!entry.namespace().isEmpty())
            .build();
    Resource<GenericKubernetesResource> resource =
        entry.namespace().isEmpty()
            ? client.genericKubernetesResources(context).withName(entry.name())
            : client
                .genericKubernetesResources(context)
                .inNamespace(entry.namespace())
                .withName(entry.name());
    GenericKubernetesResource live = resource.get();
    if (live == null) {
      return Outcome.GONE;
    }
    Map<String, String> labels = live.getMetadata().getLabels();
    if (labels == null || !sourceLabelValue.equals(labels.get(SyncPlanner.SOURCE_LABEL))) {
      return Outcome.NOT_OURS;
    }
    resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    return Outcome.DELETED;
  }
}
