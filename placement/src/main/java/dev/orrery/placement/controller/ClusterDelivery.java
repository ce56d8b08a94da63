package dev.orrery.placement.controller;

import dev.orrery.placement.status.DeliveryState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What Orrery last saw of its deliveries to one cluster.
 *
 * @param state the combined state of the ManifestWorks in the cluster's mailbox
 * @param revision the Git revision of the newest object placed there (see {@link
 *     dev.orrery.placement.status.PlacedRevision})
 * @param staleSince set when the cluster's work agent has not acknowledged a change for longer than
 *     {@link dev.orrery.placement.status.WorkStaleness#GRACE}: the time that change was written
 *     (see {@link dev.orrery.placement.status.WorkStaleness})
 */
public record ClusterDelivery(
    DeliveryState state, Optional<String> revision, Optional<Instant> staleSince) {

  /** Rejects nulls. */
  public ClusterDelivery {
    Objects.requireNonNull(state, "state");
    revision = revision == null ? Optional.empty() : revision;
    staleSince = staleSince == null ? Optional.empty() : staleSince;
  }

  /** A delivery whose work agent is not known to be stale. */
  public ClusterDelivery(DeliveryState state, Optional<String> revision) {
    this(state, revision, Optional.empty());
  }
}
