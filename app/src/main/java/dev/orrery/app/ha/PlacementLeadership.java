package dev.orrery.app.ha;

import dev.orrery.app.config.LeaderElectionConfig;
import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs placement on the leader only. Every replica starts placement's informers (a standby keeps
 * its caches warm); the one that holds the leader Lease starts its writing loops. A leader that
 * loses the Lease is fenced at once (its placement client refuses writes) and, under {@code orrery
 * serve}, exits so that Kubernetes (or whatever supervises it) restarts it as a standby, as
 * client-go controllers do.
 */
@Singleton
@Requires(property = "orrery.controllers.enabled", notEquals = "false")
public class PlacementLeadership implements ApplicationEventListener<ServerStartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementLeadership.class);

  private final PlacementService placement;
  private final KubernetesClient wds;
  private final LeaderElectionConfig config;
  private final WriteFence fence;
  private final ReplicaMembership membership;
  private final boolean exitOnLoss;
  private volatile boolean closing;
  private volatile String leader = "";
  private LeaderElector elector;
  private CompletableFuture<?> running;

  public PlacementLeadership(
      PlacementService placement,
      @Named("wds") KubernetesClient wds,
      LeaderElectionConfig config,
      WriteFence fence,
      ReplicaMembership membership,
      MeterRegistry registry,
      @Value("${orrery.leader-election.exit-on-loss:false}") boolean exitOnLoss) {
    this.placement = placement;
    this.wds = wds;
    this.config = config;
    this.fence = fence;
    this.membership = membership;
    this.exitOnLoss = exitOnLoss;
    Gauge.builder("orrery_leader", fence, f -> f.leading() ? 1 : 0)
        .description("1 while this replica leads placement, else 0")
        .register(registry);
    Gauge.builder("orrery_live_replicas", membership, m -> m.live().size())
        .description("Replicas whose Lease is live, as this replica sees them")
        .register(registry);
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    if (!config.enabled()) {
      placement.start();
      leader = config.identity();
      return;
    }
    ensureNamespace();
    membership.start();
    placement.startWatching();
    elector =
        wds.leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName("orrery-placement")
                    .withLock(
                        new FenceRenewingLock(
                            new LeaseLock(
                                config.leaseNamespace(), config.leaseName(), config.identity()),
                            fence))
                    .withLeaseDuration(config.leaseDuration())
                    .withRenewDeadline(config.renewDeadline())
                    .withRetryPeriod(config.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            this::startedLeading, this::stoppedLeading, this::newLeader))
                    .build())
            .build();
    running = elector.start();
    LOG.info(
        "replica {} is standing by for Lease {}/{}",
        config.identity(),
        config.leaseNamespace(),
        config.leaseName());
  }

  /** Whether this replica leads (runs placement's writing loops). */
  public boolean leading() {
    return fence.leading();
  }

  /** The current leader's identity as last observed ("" when unknown). */
  public String leader() {
    return leader;
  }

  private void startedLeading() {
    fence.startLeading();
    LOG.info("replica {} leads: starting placement", config.identity());
    placement.startWriting();
  }

  private void stoppedLeading() {
    fence.stopLeading();
    if (closing) {
      return;
    }
    LOG.error(
        "replica {} lost the Lease {}/{}: placement writes are refused from now on",
        config.identity(),
        config.leaseNamespace(),
        config.leaseName());
    if (exitOnLoss) {
      LOG.error("exiting so that this process restarts as a standby");
      Thread exit = new Thread(() -> System.exit(1), "orrery-lost-lease-exit");
      exit.start();
    }
  }

  private void newLeader(String identity) {
    leader = identity == null ? "" : identity;
    LOG.info("the leader is {}", leader);
  }

  private void ensureNamespace() {
    try {
      if (wds.namespaces().withName(config.leaseNamespace()).get() == null) {
        wds.resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(config.leaseNamespace())
                    .endMetadata()
                    .build())
            .create();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 403) {
        throw e;
      }
    }
  }

  /**
   * Stops competing for the Lease and hands it over (released, so a standby takes it at once), and
   * withdraws this replica's own Lease so the others take its GitSources at once. Done here, while
   * the WDS client is certainly still open.
   */
  @PreDestroy
  void close() {
    closing = true;
    if (running != null) {
      fence.stopLeading();
      running.cancel(true);
      try {
        elector.release();
      } catch (RuntimeException e) {
        LOG.warn("could not release the Lease: {}", e.toString());
      }
    }
    membership.close();
  }
}
