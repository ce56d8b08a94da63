package dev.orrery.app.ha;

import dev.orrery.app.config.KubernetesClients;
import dev.orrery.app.config.LeaderElectionConfig;
import dev.orrery.app.config.OrreryConfig;
import dev.orrery.app.gitsource.SourceOwnership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Wires the replicas' division of work: the write fence, the fenced WDS client placement writes
 * through, and this replica's membership (which GitSources it owns).
 */
@Factory
public class HaBeans {

  @Singleton
  WriteFence writeFence(LeaderElectionConfig config) {
    return config.enabled() ? new WriteFence(config.renewDeadline()) : WriteFence.alwaysOpen();
  }

  /** The WDS as placement reads and writes it: its writes pass only while this replica leads. */
  @Singleton
  @Named("placement-wds")
  @Bean(preDestroy = "close")
  KubernetesClient placementWds(OrreryConfig config, WriteFence fence) {
    return KubernetesClients.connect(
        "WDS", config.wdsKubeconfig(), config.wdsContext(), new FencingInterceptor(fence));
  }

  @Singleton
  @Bean(preDestroy = "close")
  ReplicaMembership replicaMembership(
      @Named("wds") KubernetesClient wds, LeaderElectionConfig config) {
    return new ReplicaMembership(wds, config);
  }

  /** Every GitSource when leader election is off; this replica's share of them otherwise. */
  @Singleton
  SourceOwnership sourceOwnership(LeaderElectionConfig config, ReplicaMembership membership) {
    return config.enabled() ? membership : SourceOwnership.everything();
  }
}
