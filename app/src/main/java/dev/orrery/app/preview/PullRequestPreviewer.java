package dev.orrery.app.preview;

import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.gitsource.GitSourceSpec;
import dev.orrery.app.gitsource.GitSourceStatus;
import dev.orrery.app.gitsource.SecretCredentials;
import dev.orrery.app.plan.PlacementPreview;
import dev.orrery.app.report.ForgeTarget;
import dev.orrery.app.report.forge.CommitStatus;
import dev.orrery.app.report.forge.ForgeReporter;
import dev.orrery.app.sync.Inventory;
import dev.orrery.app.sync.ResourceTypes;
import dev.orrery.app.sync.SyncPlan;
import dev.orrery.app.sync.SyncPlanner;
import dev.orrery.gitsource.CommitTree;
import dev.orrery.gitsource.FetchRequest;
import dev.orrery.gitsource.GitCredentials;
import dev.orrery.gitsource.GitRef;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.gitsource.webhook.PullRequestEvent;
import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.controller.PlacementService;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.renderer.RenderRequest;
import dev.orrery.renderer.RenderResult;
import dev.orrery.renderer.Renderer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Placement previews on pull requests: for a pull request opened or updated against the branch of
 * GitSources that report to a forge, fetches the head, renders it with each GitSource's paths,
 * evaluates its BindingPolicies against the live cluster inventory of the ITS, compares with the
 * revision each GitSource applies today, and posts one comment on the pull request (updated in
 * place) and the commit status {@code orrery/preview} on the head. Runs on its own thread, latest
 * event per pull request first; it never touches the WDS or the ITS.
 */
public final class PullRequestPreviewer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PullRequestPreviewer.class);

  /** The hidden marker of the preview comment. */
  public static final String MARKER = "preview";

  private final GitSourceController sources;
  private final KubernetesClient wds;
  private final GitRepositoryCache git;
  private final PlacementService placement;
  private final ResourceTypes types;
  private final ForgeReporter forge;
  private final SyncPlanner planner = new SyncPlanner();
  private final Map<String, Renderer> renderers = new ConcurrentHashMap<>();
  private final Map<String, Job> waiting = new ConcurrentHashMap<>();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "orrery-preview");
            t.setDaemon(true);
            return t;
          });

  private record Job(PullRequestEvent event, List<String> sourceKeys) {}

  public PullRequestPreviewer(
      GitSourceController sources,
      KubernetesClient wds,
      GitRepositoryCache git,
      PlacementService placement,
      ResourceTypes types,
      ForgeReporter forge) {
    this.sources = sources;
    this.wds = wds;
    this.git = git;
    this.placement = placement;
    this.types = types;
    this.forge = forge;
  }

  /** Queues a preview; a newer event for the same pull request replaces one still waiting. */
  public void submit(PullRequestEvent event, List<String> sourceKeys) {
    String key =
        event.forge()
            + " "
            + String.join(",", event.repositoryUrls().stream().sorted().toList())
            + "#"
            + event.number();
    if (waiting.put(key, new Job(event, List.copyOf(sourceKeys))) == null) {
      worker.execute(
          () -> {
            Job job = waiting.remove(key);
            if (job != null) {
              run(job);
            }
          });
    }
  }

  private void run(Job job) {
    PullRequestEvent pr = job.event();
    MDC.put("pullrequest", "#" + pr.number());
    try {
      List<Target> targets = new ArrayList<>();
      for (String key : job.sourceKeys()) {
        GenericKubernetesResource source = sources.cached(key);
        GitSourceSpec spec = source == null ? null : spec(source);
        if (spec != null && spec.report().pullRequestPreviews() && !spec.suspend()) {
          targets.add(new Target(key, source, spec));
        }
      }
      if (targets.isEmpty()) {
        LOG.debug("no GitSource of {} reports to a forge; no preview", job.sourceKeys());
        return;
      }
      Target first = targets.get(0);
      ForgeTarget where =
          ForgeTarget.of(
              wds,
              first.source().getMetadata().getNamespace(),
              first.spec().report().forge(),
              first.spec().url());
      forge.setCommitStatus(
          where.client(),
          where.repo(),
          pr.headSha(),
          new CommitStatus(
              CommitStatus.State.PENDING,
              PreviewComment.CONTEXT,
              "previewing placement on the clusters of the ITS",
              null));
      List<SourcePreview> previews = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      for (Target t : targets) {
        try {
          previews.add(preview(t, pr.headSha()));
        } catch (RuntimeException e) {
          problems.add("GitSource `" + t.key() + "` could not be previewed: " + e.getMessage());
          LOG.warn("preview of #{} for {} failed: {}", pr.number(), t.key(), e.getMessage());
        }
      }
      forge.upsertPullRequestComment(
          where.client(),
          where.repo(),
          Math.toIntExact(pr.number()),
          MARKER,
          PreviewComment.body(pr.headSha(), previews, problems));
      CommitStatus status = PreviewComment.status(previews, problems);
      forge.setCommitStatus(where.client(), where.repo(), pr.headSha(), status);
      LOG.info(
          "preview of #{} at {}: {} '{}'",
          pr.number(),
          pr.headSha(),
          status.state(),
          status.description());
    } catch (RuntimeException e) {
      LOG.warn("preview of #{} failed: {}", pr.number(), e.getMessage());
    } finally {
      MDC.remove("pullrequest");
    }
  }

  private record Target(String key, GenericKubernetesResource source, GitSourceSpec spec) {}

  private SourcePreview preview(Target t, String headSha) {
    String namespace = t.source().getMetadata().getNamespace();
    GitCredentials credentials = SecretCredentials.read(wds, namespace, t.spec().secretName());
    git.fetch(FetchRequest.of(t.spec().url(), GitRef.commit(headSha), credentials));
    Renderer renderer = renderers.computeIfAbsent(t.key(), k -> Renderer.forUntrustedContent());
    RenderResult head =
        renderer.render(
            new RenderRequest(git.tree(t.spec().url(), headSha), t.spec().paths(), namespace));
    GitSourceStatus status =
        GitSourceStatus.parse(t.source().getAdditionalProperties().get("status"));
    String applied = status.lastAppliedRevision();
    RenderResult base =
        applied == null
            ? null
            : renderer.render(
                new RenderRequest(
                    tree(t.spec().url(), applied, credentials), t.spec().paths(), namespace));
    List<Cluster> clusters =
        placement.inventory().stream()
            .map(c -> new Cluster(c.name(), c.labels(), c.annotations()))
            .toList();
    PlacementPreview.Result placed =
        PlacementPreview.preview(head, base, clusters, namespace, wdsRolloutPolicies());
    Inventory inventory = status.inventoryOrEmpty();
    SyncPlan plan =
        head.ok()
            ? planner.plan(
                head.objects(),
                new SyncPlanner.Input(
                    namespace,
                    t.source().getMetadata().getName(),
                    headSha,
                    inventory,
                    types,
                    true,
                    t.spec().maxDeleteRatio(),
                    false))
            : SyncPlan.rejected(List.of());
    return new SourcePreview(
        t.key(),
        applied,
        placed,
        plan.errors(),
        DeletionVerdict.of(plan, inventory, t.spec().prune(), t.spec().maxDeleteRatio()));
  }

  /** The WDS's RolloutPolicies as maps; none when they cannot be listed (e.g. no CRD). */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> wdsRolloutPolicies() {
    try {
      return wds.genericKubernetesResources(Apis.ROLLOUT_POLICIES).list().getItems().stream()
          .map(
              p ->
                  (Map<String, Object>) Serialization.unmarshal(Serialization.asJson(p), Map.class))
          .toList();
    } catch (KubernetesClientException e) {
      LOG.debug("RolloutPolicies not listed for the preview: {}", e.getMessage());
      return List.of();
    }
  }

  /**
   * A commit's tree from the cache, fetched first when the cache does not have it (e.g. after a
   * restart).
   */
  private CommitTree tree(String url, String commit, GitCredentials credentials) {
    try {
      return git.tree(url, commit);
    } catch (RuntimeException missing) {
      git.fetch(FetchRequest.of(url, GitRef.commit(commit), credentials));
      return git.tree(url, commit);
    }
  }

  private static GitSourceSpec spec(GenericKubernetesResource source) {
    try {
      return GitSourceSpec.parse(Unstructured.asMap(source.getAdditionalProperties().get("spec")));
    } catch (RuntimeException invalid) {
      return null;
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
