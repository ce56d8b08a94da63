package dev.orrery.placement.controller;

import dev.orrery.controller.StatusWrites;
import dev.orrery.placement.binding.SpecComparison;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.transport.CustomTransform;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a CustomTransform's validation into its status: {@code observedGeneration} and {@code
 * errors} (the removal paths it skips, e.g. {@code "$"} alone), only when they differ from what the
 * status already says. Fields of the status it does not own are kept.
 */
final class CustomTransformStatusWriter {
  private final KubernetesClient wds;

  CustomTransformStatusWriter(KubernetesClient wds) {
    this.wds = wds;
  }

  /** Validates the transform and writes its status if that changes it. */
  void write(GenericKubernetesResource transform) {
    CustomTransform parsed =
        CustomTransform.parse(
            transform.getMetadata().getName(),
            Unstructured.asMap(transform.getAdditionalProperties().get("spec")));
    Map<String, Object> previous =
        Unstructured.asMap(transform.getAdditionalProperties().get("status"));
    Map<String, Object> status = new LinkedHashMap<>(previous);
    status.put("observedGeneration", transform.getMetadata().getGeneration());
    status.put("errors", parsed.errors());
    if (SpecComparison.equivalent(previous, status)) {
      return;
    }
    StatusWrites.patchStatus(wds, Apis.CUSTOM_TRANSFORMS, transform, status);
  }
}
