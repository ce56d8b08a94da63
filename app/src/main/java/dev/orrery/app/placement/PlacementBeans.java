package dev.orrery.app.placement;

import dev.orrery.app.config.OrreryConfig;
import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Wires KubeStellar placement (WDS → Binding → ManifestWork → status) into the service and starts
 * it.
 */
@Factory
public class PlacementBeans {

  @Singleton
  @Bean(preDestroy = "close")
  PlacementService placementService(
      @Named("wds") KubernetesClient wds,
      @Named("its") KubernetesClient its,
      OrreryConfig config,
      MeterRegistry registry) {
    PlacementService.Settings settings =
        new PlacementService.Settings(
                config.wdsName(),
                config.shardByteLimit(),
                config.shardCountLimit(),
                config.maxRemovedPlacementShare(),
                config.workers())
            .withGuardAllPolicies(config.guardBindingPolicies())
            .withRolloutMinimumSoak(config.rolloutMinimumSoak());
    if (config.argocd().placementDecisionsEnabled()) {
      settings = settings.withPlacementDecisions(config.argocd().placementDecisionNamespace());
    }
    return new PlacementService(wds, its, settings, registry);
  }

  /** Starts placement once the server is up. */
  @Singleton
  @Requires(property = "orrery.controllers.enabled", notEquals = "false")
  static class Starter implements ApplicationEventListener<ServerStartupEvent> {
    private final PlacementService placement;

    Starter(PlacementService placement) {
      this.placement = placement;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
      placement.start();
    }
  }
}
