package dev.orrery.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * Writes the status subresource of Orrery's cluster-scoped kinds with a JSON merge patch: no
 * resourceVersion precondition, so a status write never conflicts with a concurrent spec write.
 * Callers always send every status field they own.
 */
public final class StatusWrites {
  private StatusWrites() {}

  public static void patchStatus(
      KubernetesClient client,
      ResourceDefinitionContext type,
      GenericKubernetesResource object,
      Map<String, Object> status) {
    client
        .genericKubernetesResources(type)
        .withName(object.getMetadata().getName())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
  }

  /**
   * Runs a write of an object the informer cache still holds but the API server may already have
   * deleted: a 404 means its delete event is on its way, so the write is a quiet no-op, not a
   * failure to retry.
   */
  public static void ignoringNotFound(Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
