package dev.orrery.app.dashboard;

import dev.orrery.app.rollout.RolloutRequest;
import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rollout-pause}, {@code rollout-resume}, {@code rollout-promote}, {@code rollout-abort}:
 * set on a BindingPolicy (parameter {@code name}) exactly the annotations {@code orrery rollout}
 * sets ({@link RolloutRequest}). Refused for a BindingPolicy that has no rollout.
 */
public class RolloutAction implements DashboardAction {
  private final RolloutRequest request;
  private final KubernetesClient wds;
  private final PlacementService placement;
  private final Clock clock;

  RolloutAction(
      RolloutRequest request, KubernetesClient wds, PlacementService placement, Clock clock) {
    this.request = request;
    this.wds = wds;
    this.placement = placement;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "rollout-" + request.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String description() {
    return switch (request) {
      case PAUSE -> "Pause the rollout of a BindingPolicy: no new wave starts.";
      case RESUME -> "Resume a paused rollout; the current wave's clock restarts.";
      case PROMOTE -> "Pass the current wave of a rollout now, without waiting for its soak.";
      case ABORT -> "Abort a rollout: roll back to the stable revision (halt if there is none).";
    };
  }

  @Override
  public String perform(Map<String, String> parameters) {
    String name = parameters.get("name");
    if (name == null || name.isBlank()) {
      throw new ActionException(400, "missing parameter name");
    }
    List<GenericKubernetesResource> revisions = placement.bindingRevisions(name);
    if (placement.policyResource(name).isEmpty() || revisions.isEmpty()) {
      throw new ActionException(404, "no rollout of BindingPolicy " + name);
    }
    Map<String, String> annotations = request.annotations(clock.instant());
    try {
      wds.genericKubernetesResources(Apis.BINDING_POLICIES)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(RolloutRequest.mergePatch(annotations)));
    } catch (KubernetesClientException e) {
      throw new ActionException(
          502, "the WDS refused the annotation (HTTP " + e.getCode() + "): " + e.getStatus());
    }
    return "bindingpolicy/" + name + " " + request.done() + " " + annotations;
  }
}
