package dev.orrery.app.ha;

import dev.orrery.app.config.LeaderElectionConfig;
import dev.orrery.app.gitsource.SourceOwnership;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's place among the live ones: it renews its own Lease ({@code
 * orrery-replica-<identity>}) every retry period, watches the others', and owns the GitSources that
 * {@link Rendezvous} hashing gives it over the live set. A replica whose own last renewal is older
 * than the renew deadline (it was paused) owns nothing until it renews again. Leases gone for
 * longer than {@link #FORGET_AFTER} are deleted by whichever replica sees them.
 */
public final class ReplicaMembership implements SourceOwnership, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaMembership.class);
  static final Duration FORGET_AFTER = Duration.ofMinutes(10);

  private final KubernetesClient wds;
  private final LeaderElectionConfig config;
  private final Clock clock;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "orrery-replica-lease");
            t.setDaemon(true);
            return t;
          });
  private SharedIndexInformer<Lease> leases;
  private volatile long renewedAt;
  private volatile boolean renewedOnce;
  private volatile SortedSet<String> live = new TreeSet<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  public ReplicaMembership(KubernetesClient wds, LeaderElectionConfig config) {
    this.wds = wds;
    this.config = config;
    this.clock = Clock.systemUTC();
  }

  /** Announces this replica, watches the others and keeps the live set current. */
  public void start() {
    renew();
    leases =
        wds.resources(Lease.class)
            .inNamespace(config.leaseNamespace())
            .withLabel(ReplicaLease.LABEL)
            .inform();
    refresh();
    loop.scheduleWithFixedDelay(
        this::tick,
        config.retryPeriod().toMillis(),
        config.retryPeriod().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** This replica's name. */
  public String identity() {
    return config.identity();
  }

  /** The replicas alive now, by name. */
  public SortedSet<String> live() {
    return live;
  }

  @Override
  public boolean owns(String key) {
    return fresh() && Rendezvous.owner(key, live).map(config.identity()::equals).orElse(false);
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Whether this replica's own Lease was renewed within the renew deadline. */
  boolean fresh() {
    return renewedOnce && System.nanoTime() - renewedAt < config.renewDeadline().toNanos();
  }

  private void tick() {
    try {
      renew();
    } catch (RuntimeException e) {
      LOG.warn("could not renew replica Lease {}: {}", leaseName(), e.toString());
    }
    try {
      refresh();
      forgetGone();
    } catch (RuntimeException e) {
      LOG.warn("could not compute the live replicas: {}", e.toString());
    }
  }

  private void renew() {
    long started = System.nanoTime();
    Instant now = clock.instant();
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(leaseName())
            .withNamespace(config.leaseNamespace())
            .addToLabels(ReplicaLease.LABEL, "true")
            .addToLabels("app.kubernetes.io/name", "orrery")
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(config.identity())
            .withLeaseDurationSeconds((int) Math.max(1, config.leaseDuration().toSeconds()))
            .withRenewTime(now.atZone(ZoneOffset.UTC))
            .endSpec()
            .build();
    wds.resource(lease).fieldManager("orrery").forceConflicts().serverSideApply();
    renewedAt = started;
    renewedOnce = true;
  }

  /** Recomputes the live set; tells the listeners when it changed. */
  void refresh() {
    List<ReplicaLease> known = new ArrayList<>();
    for (Lease l : leases.getStore().list()) {
      ReplicaLease.of(l).ifPresent(known::add);
    }
    SortedSet<String> now =
        ReplicaLease.liveAsSeenBy(config.identity(), fresh(), known, clock.instant());
    if (!now.equals(live)) {
      LOG.info("live replicas: {} (this one: {})", now, config.identity());
      live = now;
      listeners.forEach(Runnable::run);
    }
  }

  private void forgetGone() {
    for (Lease l : leases.getStore().list()) {
      Optional<ReplicaLease> r = ReplicaLease.of(l);
      if (r.isPresent() && r.get().goneLongerThan(FORGET_AFTER, clock.instant())) {
        wds.resource(l).delete();
      }
    }
  }

  private String leaseName() {
    return ReplicaLease.leaseName(config.identity());
  }

  /** Stops renewing and deletes this replica's Lease, so the others take its share at once. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    loop.shutdownNow();
    if (leases == null) {
      return; // never started
    }
    leases.close();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS); // no renewal after the delete
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      wds.resources(Lease.class)
          .inNamespace(config.leaseNamespace())
          .withName(leaseName())
          .delete();
    } catch (RuntimeException e) {
      LOG.warn("could not delete replica Lease {}: {}", leaseName(), e.toString());
    }
  }
}
