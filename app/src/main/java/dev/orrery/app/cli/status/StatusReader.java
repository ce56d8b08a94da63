package dev.orrery.app.cli.status;

import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.rollout.RolloutView;
import dev.orrery.app.rollout.RolloutViews;
import dev.orrery.placement.controller.Apis;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a running system's status: GitSources and BindingPolicies from the WDS, ManagedClusters and
 * ManifestWorks from the ITS. A space that cannot be read fails with a {@link
 * SpaceUnreadableException}.
 */
public final class StatusReader {
  /** Orrery's GitSource kind. */
  static final ResourceDefinitionContext GIT_SOURCES = GitSourceController.GIT_SOURCES;

  private StatusReader() {}

  /** Everything {@code orrery status} shows. */
  public static SystemStatus read(KubernetesClient wds, KubernetesClient its) {
    return new SystemStatus(sources(wds), policies(wds), clusters(its), rolloutsIfServed(wds));
  }

  /**
   * The current rollout of every BindingPolicy a RolloutPolicy governs, from the WDS's
   * BindingRevisions, by BindingPolicy name.
   */
  public static List<RolloutView> rollouts(KubernetesClient wds) {
    return RolloutViews.current(list(wds, "WDS", Apis.BINDING_REVISIONS));
  }

  /** As {@link #rollouts}, but none when the WDS does not serve BindingRevisions (older Orrery). */
  public static List<RolloutView> rolloutsIfServed(KubernetesClient wds) {
    try {
      return rollouts(wds);
    } catch (SpaceUnreadableException e) {
      if (e.getCause() instanceof KubernetesClientException k && k.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  /** The WDS's GitSources in every namespace, by namespace and name. */
  public static List<SourceState> sources(KubernetesClient wds) {
    return list(wds, "WDS", GIT_SOURCES).stream()
        .map(StatusRows::source)
        .sorted(Comparator.comparing(SourceState::namespace).thenComparing(SourceState::name))
        .toList();
  }

  /** The WDS's BindingPolicies, by name. */
  public static List<PolicyState> policies(KubernetesClient wds) {
    return list(wds, "WDS", Apis.BINDING_POLICIES).stream()
        .map(StatusRows::policy)
        .sorted(Comparator.comparing(PolicyState::name))
        .toList();
  }

  /** The ITS's ManagedClusters with the ManifestWorks of their mailbox namespaces, by name. */
  public static List<ClusterState> clusters(KubernetesClient its) {
    List<GenericKubernetesResource> clusters = list(its, "ITS", Apis.MANAGED_CLUSTERS);
    List<GenericKubernetesResource> works = list(its, "ITS", Apis.MANIFEST_WORKS);
    return clusters.stream()
        .map(c -> StatusRows.cluster(c, works))
        .sorted(Comparator.comparing(ClusterState::name))
        .toList();
  }

  private static List<GenericKubernetesResource> list(
      KubernetesClient client, String space, ResourceDefinitionContext type) {
    try {
      var resources = client.genericKubernetesResources(type);
      return (type.isNamespaceScoped() ? resources.inAnyNamespace().list() : resources.list())
          .getItems();
    } catch (KubernetesClientException e) {
      throw new SpaceUnreadableException(
          SpaceUnreadableException.describe(
              space,
              String.valueOf(client.getMasterUrl()),
              type.getPlural() + "." + type.getGroup(),
              e),
          e);
    }
  }
}
