package dev.orrery.app.gitsource;

import dev.orrery.app.sync.PlacementGuard;
import dev.orrery.gitsource.CommitTree;
import dev.orrery.gitsource.FetchRequest;
import dev.orrery.gitsource.GitRef;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.placement.controller.InventoryUnavailableException;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.renderer.DesiredObject;
import dev.orrery.renderer.RenderRequest;
import dev.orrery.renderer.RenderResult;
import dev.orrery.renderer.Renderer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gathers what {@link PlacementGuard} needs for a new revision of a GitSource: the ITS's clusters
 * (from placement's inventory cache), the revision applied today rendered again, and the WDS's
 * BindingPolicies that are not the source's. When the inventory cannot be read, the guard falls
 * back to objects only and the check says why.
 */
final class PlacementCheck {
  private static final ResourceDefinitionContext BINDING_POLICIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("control.kubestellar.io")
          .withVersion("v1alpha1")
          .withKind("BindingPolicy")
          .withPlural("bindingpolicies")
          .withNamespaced(false)
          .build();
  private final Supplier<List<Cluster>> clusters;
  private final Supplier<List<Map<String, Object>>> wdsPolicies;
  private final GitRepositoryCache git;
  private final double maxRemovedShare;

  /** A verdict, or why there is none. */
  record Result(PlacementGuard.Verdict verdict, String skipped) {}

  /**
   * @param clusters the ITS's clusters; throws {@link InventoryUnavailableException} while they are
   *     not known
   * @param wdsPolicies the WDS's BindingPolicies as API maps
   */
  PlacementCheck(
      Supplier<List<Cluster>> clusters,
      Supplier<List<Map<String, Object>>> wdsPolicies,
      GitRepositoryCache git,
      double maxRemovedShare) {
    this.clusters = clusters;
    this.wdsPolicies = wdsPolicies;
    this.git = git;
    this.maxRemovedShare = maxRemovedShare;
  }

  /** Only a new revision of a source that has applied one before can remove placements. */
  static boolean needed(SourceRun run) {
    return run.previous.lastAppliedRevision() != null
        && !run.revision.equals(run.previous.lastAppliedRevision());
  }

  Result check(SourceRun run, Renderer renderer, boolean confirmed) {
    List<Cluster> known;
    try {
      known = clusters.get();
    } catch (InventoryUnavailableException e) {
      return new Result(null, "placements not checked (" + e.getMessage() + "); objects only");
    }
    RenderResult applied;
    List<DesiredObject> others;
    try {
      applied =
          renderer.render(new RenderRequest(appliedTree(run), run.spec.paths(), run.namespace));
      Set<String> own = Set.copyOf(run.previous.inventoryOrEmpty().bindingPolicies());
      others =
          wdsPolicies.get().stream()
              .filter(p -> !own.contains(name(p)))
              .map(p -> new DesiredObject(p, "(WDS)", 0))
              .toList();
    } catch (RuntimeException e) {
      return new Result(null, "placements not checked (" + e.getMessage() + "); objects only");
    }
    return new Result(
        PlacementGuard.evaluate(
            new PlacementGuard.Input(
                applied.objects(),
                run.rendered.objects(),
                others,
                known,
                run.namespace,
                maxRemovedShare,
                run.revision,
                confirmed)),
        "");
  }

  /** The applied revision's tree, fetched first when the cache lacks it (e.g. after a restart). */
  private CommitTree appliedTree(SourceRun run) {
    String revision = run.previous.lastAppliedRevision();
    try {
      return git.tree(run.spec.url(), revision);
    } catch (RuntimeException missing) {
      git.fetch(FetchRequest.of(run.spec.url(), GitRef.commit(revision), run.credentials));
      return git.tree(run.spec.url(), revision);
    }
  }

  /**
   * The WDS's BindingPolicies, read when a new revision is checked (once per revision, not per
   * resync).
   */
  static List<Map<String, Object>> wdsPolicies(KubernetesClient wds) {
    return wds.genericKubernetesResources(BINDING_POLICIES).list().getItems().stream()
        .map(
            p ->
                Map.<String, Object>of(
                    "apiVersion",
                    "control.kubestellar.io/v1alpha1",
                    "kind",
                    "BindingPolicy",
                    "metadata",
                    Map.of("name", p.getMetadata().getName()),
                    "spec",
                    Unstructured.asMap(p.getAdditionalProperties().get("spec"))))
        .toList();
  }

  private static String name(Map<String, Object> policy) {
    return policy.get("metadata") instanceof Map<?, ?> m && m.get("name") != null
        ? m.get("name").toString()
        : "";
  }
}
