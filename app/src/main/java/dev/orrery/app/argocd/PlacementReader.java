package dev.orrery.app.argocd;

import dev.orrery.placement.controller.ClusterDelivery;
import dev.orrery.placement.controller.InventoryCluster;
import dev.orrery.placement.controller.InventoryUnavailableException;
import dev.orrery.placement.controller.PolicyPlacement;
import java.util.List;
import java.util.Optional;

/**
 * What the plugin generator reads about clusters and placements; answered from placement's informer
 * caches. Every method throws {@link InventoryUnavailableException} when those caches cannot be
 * trusted.
 */
public interface PlacementReader {

  /** The ManagedClusters of the ITS, sorted by name. */
  List<InventoryCluster> inventory();

  /** What placement holds for a BindingPolicy, or empty when it does not exist. */
  Optional<PolicyPlacement> policyPlacement(String policy);

  /**
   * State and revision of the deliveries to a cluster, of one policy (or of all when {@code policy}
   * is null).
   */
  ClusterDelivery delivery(String cluster, String policy);
}
