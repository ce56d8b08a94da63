package dev.orrery.app.argocd;

import dev.orrery.placement.controller.ClusterDelivery;
import dev.orrery.placement.controller.InventoryCluster;
import dev.orrery.placement.controller.PlacementService;
import dev.orrery.placement.controller.PolicyPlacement;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** The plugin generator's view of placement: the running {@link PlacementService}'s caches. */
@Singleton
public class PlacementServiceReader implements PlacementReader {
  private final PlacementService placement;

  public PlacementServiceReader(PlacementService placement) {
    this.placement = placement;
  }

  @Override
  public List<InventoryCluster> inventory() {
    return placement.inventory();
  }

  @Override
  public Optional<PolicyPlacement> policyPlacement(String policy) {
    return placement.policyPlacement(policy);
  }

  @Override
  public ClusterDelivery delivery(String cluster, String policy) {
    return placement.delivery(cluster, policy);
  }
}
