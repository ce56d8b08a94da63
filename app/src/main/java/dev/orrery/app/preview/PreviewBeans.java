package dev.orrery.app.preview;

import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.report.forge.ForgeReporter;
import dev.orrery.app.sync.DiscoveryResourceTypes;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Wires pull-request previews into the service. */
@Factory
public class PreviewBeans {

  @Singleton
  @Bean(preDestroy = "close")
  PullRequestPreviewer pullRequestPreviewer(
      GitSourceController sources,
      @Named("wds") KubernetesClient wds,
      GitRepositoryCache git,
      PlacementService placement,
      DiscoveryResourceTypes types,
      ForgeReporter forge) {
    return new PullRequestPreviewer(sources, wds, git, placement, types, forge);
  }
}
