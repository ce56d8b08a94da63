package dev.orrery.app.cli.status;

import dev.orrery.app.rollout.RolloutView;
import java.util.List;

/**
 * What {@code orrery status} reports about a running system: the WDS's GitSources and
 * BindingPolicies and the ITS's clusters with their ManifestWorks.
 *
 * @param sources GitSources, by namespace and name
 * @param policies BindingPolicies, by name
 * @param clusters ManagedClusters, by name
 * @param rollouts the current rollout of each BindingPolicy a RolloutPolicy governs, by name
 */
public record SystemStatus(
    List<SourceState> sources,
    List<PolicyState> policies,
    List<ClusterState> clusters,
    List<RolloutView> rollouts) {
  public SystemStatus {
    sources = List.copyOf(sources);
    policies = List.copyOf(policies);
    clusters = List.copyOf(clusters);
    rollouts = List.copyOf(rollouts);
  }

  /** A status without rollouts. */
  public SystemStatus(
      List<SourceState> sources, List<PolicyState> policies, List<ClusterState> clusters) {
    this(sources, policies, clusters, List.of());
  }
}
