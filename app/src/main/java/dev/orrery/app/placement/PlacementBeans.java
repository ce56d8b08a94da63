package dev.orrery.app.placement;

import dev.orrery.app.config.OrreryConfig;
import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Wires KubeStellar placement (WDS → Binding → ManifestWork → status) into the service; {@link
 * dev.orrery.app.ha.PlacementLeadership} starts it (its writing loops on the leader only).
 */
@Factory
public class PlacementBeans {

  @Singleton
  @Bean(preDestroy = "close")
  PlacementService placementService(
      @Named("placement-wds") KubernetesClient wds,
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
            .withRolloutMinimumSoak(config.rolloutMinimumSoak())
            .withClustersAvailableCondition(config.clustersAvailableCondition());
    if (config.argocd().placementDecisionsEnabled()) {
      settings = settings.withPlacementDecisions(config.argocd().placementDecisionNamespace());
    }
    return new PlacementService(wds, its, settings, registry);
  }
}
