package dev.orrery.app.cli.status;

import java.util.List;

/**
 * What {@code orrery status} reports about a running system: the WDS's GitSources and
 * BindingPolicies and the ITS's clusters with their ManifestWorks.
 *
 * @param sources GitSources, by namespace and name
 * @param policies BindingPolicies, by name
 * @param clusters ManagedClusters, by name
 */
public record SystemStatus(
    List<SourceState> sources, List<PolicyState> policies, List<ClusterState> clusters) {
  public SystemStatus {
    sources = List.copyOf(sources);
    policies = List.copyOf(policies);
    clusters = List.copyOf(clusters);
  }
}
