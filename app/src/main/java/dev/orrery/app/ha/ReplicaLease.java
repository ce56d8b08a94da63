package dev.orrery.app.ha;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a replica's Lease says: who, when it was last renewed, and for how long that holds.
 *
 * @param replica the holder identity
 * @param renewed the last renewal (by the holder's clock)
 * @param duration how long after it the replica counts as alive
 */
public record ReplicaLease(String replica, Instant renewed, Duration duration) {
  /** Label on every replica Lease. */
  public static final String LABEL = "gitops.orrery.dev/replica";

  /** The name of a replica's Lease. */
  public static String leaseName(String replica) {
    return "orrery-replica-" + replica;
  }

  /** Whether the replica counts as alive at {@code now}. */
  public boolean liveAt(Instant now) {
    return renewed.plus(duration).isAfter(now);
  }

  /** Whether the replica has been gone longer than {@code grace} at {@code now}. */
  public boolean goneLongerThan(Duration grace, Instant now) {
    return renewed.plus(duration).plus(grace).isBefore(now);
  }

  /** The live replicas among these Leases at {@code now}, sorted by name. */
  public static SortedSet<String> live(Collection<ReplicaLease> leases, Instant now) {
    SortedSet<String> live = new TreeSet<>();
    for (ReplicaLease l : leases) {
      if (l.liveAt(now)) {
        live.add(l.replica());
      }
    }
    return live;
  }

  /**
   * The live replicas as replica {@code self} counts them: the live Leases, with itself added when
   * its own last renewal is fresh (its Lease may not have reached its cache yet) and removed when
   * it is not (it was paused, and the others may already have taken its share).
   */
  public static SortedSet<String> liveAsSeenBy(
      String self, boolean selfFresh, Collection<ReplicaLease> leases, Instant now) {
    SortedSet<String> live = live(leases, now);
    if (selfFresh) {
      live.add(self);
    } else {
      live.remove(self);
    }
    return live;
  }

  /** What a Lease says, or empty when it names no holder, renewal or duration. */
  public static Optional<ReplicaLease> of(Lease lease) {
    if (lease.getSpec() == null
        || lease.getSpec().getHolderIdentity() == null
        || lease.getSpec().getRenewTime() == null
        || lease.getSpec().getLeaseDurationSeconds() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ReplicaLease(
            lease.getSpec().getHolderIdentity(),
            lease.getSpec().getRenewTime().toInstant(),
            Duration.ofSeconds(lease.getSpec().getLeaseDurationSeconds())));
  }
}
