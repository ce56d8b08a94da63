package dev.orrery.placement.controller;

import dev.orrery.placement.status.DeliveryState;
import java.util.Objects;
import java.util.Optional;

/**
 * What Orrery last saw of its deliveries to one cluster.
 *
 * @param state the combined state of the ManifestWorks in the cluster's mailbox
 * @param revision the Git revision of the newest object placed there (see {@link
 *     dev.orrery.placement.status.PlacedRevision})
 */
public record ClusterDelivery(DeliveryState state, Optional<String> revision) {

  /** Rejects nulls. */
  public ClusterDelivery {
    Objects.requireNonNull(state, "state");
    revision = revision == null ? Optional.empty() : revision;
  }
}
