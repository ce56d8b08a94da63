package dev.orrery.app.dashboard;

import dev.orrery.app.config.OrreryConfig;
import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.rollout.RolloutView;
import dev.orrery.app.rollout.RolloutViews;
import dev.orrery.placement.controller.InventoryCluster;
import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.controller.PlacementService;
import dev.orrery.placement.controller.PolicyPlacement;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what the dashboard shows from Orrery's informer caches (placement's and the GitSource
 * controller's, and the {@link EventCache}) and hands it to the pure builders ({@link FleetMap},
 * {@link DetailViews}). Never reads the API servers itself.
 */
public final class DashboardReader {
  private final PlacementService placement;
  private final GitSourceController sources;
  private final EventCache events;
  private final String decisionNamespace;

  public DashboardReader(
      PlacementService placement,
      GitSourceController sources,
      EventCache events,
      OrreryConfig config) {
    this.placement = placement;
    this.sources = sources;
    this.events = events;
    this.decisionNamespace =
        config.argocd().placementDecisionsEnabled()
            ? config.argocd().placementDecisionNamespace()
            : null;
  }

  /**
   * The fleet map.
   *
   * @throws dev.orrery.placement.controller.InventoryUnavailableException while a cache is loading
   */
  public FleetMap fleet() {
    List<InventoryCluster> clusters = placement.inventory();
    return FleetMap.build(clusters, sourceFacts(), policyFacts());
  }

  /** A GitSource's page, or empty when there is no such GitSource. */
  public Optional<Map<String, Object>> gitSource(String namespace, String name) {
    GenericKubernetesResource cached = sources.cached(namespace + "/" + name);
    if (cached == null) {
      return Optional.empty();
    }
    SourceFacts source = SourceFacts.of(cached);
    Map<String, FleetMap.PolicyFacts> policies = new HashMap<>();
    for (String policy : source.status().inventoryOrEmpty().bindingPolicies()) {
      policies.put(
          policy, new FleetMap.PolicyFacts(policy, List.of(), placement.placedObjects(policy)));
    }
    return Optional.of(
        DetailViews.gitSource(
            source,
            FleetMap.sourceObjects(source, policies),
            events.about("GitSource", namespace, name)));
  }

  /** A BindingPolicy's page, or empty when there is no such policy. */
  public Optional<Map<String, Object>> policy(String name) {
    Optional<PolicyPlacement> placed = placement.policyPlacement(name);
    if (placed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        DetailViews.policy(
            placed.get(),
            placement.policyResource(name).orElse(Map.of()),
            placement.placedObjects(name),
            placement.combinedStatuses(name),
            decisionNamespace,
            events.about("BindingPolicy", "", name)));
  }

  /** A cluster's page, or empty when there is no such ManagedCluster. */
  public Optional<Map<String, Object>> cluster(String name) {
    Optional<InventoryCluster> cluster =
        placement.inventory().stream().filter(c -> c.name().equals(name)).findFirst();
    if (cluster.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<PlacedObject>> byPolicy = new LinkedHashMap<>();
    for (String policy : placement.policyNames()) {
      byPolicy.put(policy, placement.placedObjects(policy));
    }
    return Optional.of(
        DetailViews.cluster(
            cluster.get(), placement.clusterResource(name).orElse(Map.of()), byPolicy));
  }

  /** The current rollout of every BindingPolicy that has BindingRevisions. */
  public List<Map<String, Object>> rollouts() {
    return RolloutPages.list(allRevisions());
  }

  /** One BindingPolicy's rollout page, or empty when it has no rollout. */
  public Optional<Map<String, Object>> rollout(String name) {
    return RolloutPages.page(name, placement.bindingRevisions(name));
  }

  private List<GenericKubernetesResource> allRevisions() {
    List<GenericKubernetesResource> out = new ArrayList<>();
    for (String name : placement.policyNames()) {
      out.addAll(placement.bindingRevisions(name));
    }
    return out;
  }

  /** Cluster → wave of the policy's rollout when one is in flight. */
  private Map<String, Integer> wavesInFlight(String policy) {
    List<GenericKubernetesResource> revisions = placement.bindingRevisions(policy);
    if (revisions.isEmpty()) {
      return Map.of();
    }
    Map<String, Integer> out = new HashMap<>();
    RolloutViews.currentOf(policy, revisions)
        .filter(RolloutView::inFlight)
        .ifPresent(v -> v.clusters().forEach(c -> out.put(c.name(), c.wave())));
    return out;
  }

  private List<SourceFacts> sourceFacts() {
    List<SourceFacts> out = new ArrayList<>();
    for (GenericKubernetesResource r : sources.all()) {
      if (r.getMetadata().getDeletionTimestamp() == null) {
        out.add(SourceFacts.of(r));
      }
    }
    return out;
  }

  private List<FleetMap.PolicyFacts> policyFacts() {
    List<FleetMap.PolicyFacts> out = new ArrayList<>();
    for (String name : placement.policyNames()) {
      List<String> errors =
          placement.policyPlacement(name).map(PolicyPlacement::errors).orElse(List.of());
      out.add(
          new FleetMap.PolicyFacts(
              name, errors, placement.placedObjects(name), wavesInFlight(name)));
    }
    return out;
  }
}
