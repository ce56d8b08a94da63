package dev.orrery.app.argocd;

import dev.orrery.placement.controller.ClusterDelivery;
import dev.orrery.placement.controller.InventoryCluster;
import dev.orrery.placement.controller.InventoryUnavailableException;
import dev.orrery.placement.controller.PolicyPlacement;
import dev.orrery.placement.status.DeliveryState;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A hand-written placement view for tests: clusters, policies and deliveries set by the test. */
@Singleton
@Replaces(PlacementServiceReader.class)
@Requires(env = FakePlacementReader.ENV)
public class FakePlacementReader implements PlacementReader {
  static final String ENV = "fake-placement";

  final List<InventoryCluster> clusters = new ArrayList<>();
  final Map<String, PolicyPlacement> policies = new HashMap<>();

  /** Keyed by {@code cluster/policy}, policy {@code *} for all. */
  final Map<String, ClusterDelivery> deliveries = new HashMap<>();

  String unavailable;

  void reset() {
    clusters.clear();
    policies.clear();
    deliveries.clear();
    unavailable = null;
  }

  FakePlacementReader cluster(
      String name, String url, Map<String, String> labels, Map<String, String> annotations) {
    clusters.add(new InventoryCluster(name, labels, annotations, Optional.ofNullable(url)));
    return this;
  }

  FakePlacementReader policy(String name, List<String> clusters, Map<String, String> annotations) {
    policies.put(name, new PolicyPlacement(name, annotations, clusters, List.of(), true));
    return this;
  }

  FakePlacementReader delivery(
      String cluster, String policy, DeliveryState state, String revision) {
    deliveries.put(
        cluster + "/" + (policy == null ? "*" : policy),
        new ClusterDelivery(state, Optional.ofNullable(revision)));
    return this;
  }

  @Override
  public List<InventoryCluster> inventory() {
    check();
    return clusters.stream().sorted(Comparator.comparing(InventoryCluster::name)).toList();
  }

  @Override
  public Optional<PolicyPlacement> policyPlacement(String policy) {
    check();
    return Optional.ofNullable(policies.get(policy));
  }

  @Override
  public ClusterDelivery delivery(String cluster, String policy) {
    check();
    return deliveries.getOrDefault(
        cluster + "/" + (policy == null ? "*" : policy),
        new ClusterDelivery(DeliveryState.UNKNOWN, Optional.empty()));
  }

  private void check() {
    if (unavailable != null) {
      throw new InventoryUnavailableException(unavailable);
    }
  }
}
