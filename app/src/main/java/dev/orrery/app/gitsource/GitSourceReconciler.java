package dev.orrery.app.gitsource;

import dev.orrery.app.helmrelease.HelmReleaseRecords;
import dev.orrery.app.helmrelease.ReleaseHistory;
import dev.orrery.app.helmrelease.ReleaseRecord;
import dev.orrery.app.helmrelease.ReleaseSecrets;
import dev.orrery.app.sync.DiscoveryResourceTypes;
import dev.orrery.app.sync.PlannedObject;
import dev.orrery.app.sync.Pruner;
import dev.orrery.app.sync.Pruning;
import dev.orrery.app.sync.ServerSideApplier;
import dev.orrery.app.sync.SyncPlan;
import dev.orrery.app.sync.SyncPlanner;
import dev.orrery.gitsource.CommitTree;
import dev.orrery.gitsource.FetchRequest;
import dev.orrery.gitsource.FetchResult;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.gitsource.GitSourceException;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.renderer.RenderRequest;
import dev.orrery.renderer.Renderer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GitSource reconcile as a chain of named steps: parse → fetch → render → release records
 * (Helm's own records of the charts rendered) → plan → apply → prune, then report. Each step
 * returns a {@link StepOutcome}: continue, stop with a reason, stalled or suspended; the report
 * ({@link GitSourceStatusBuilder}) turns the outcome and what the steps did into status, requeue
 * and Events. A failed fetch, render or plan leaves the last good revision applied and prunes
 * nothing.
 */
public final class GitSourceReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(GitSourceReconciler.class);
  public static final String CONFIRM_DELETIONS_ANNOTATION = "gitops.orrery.dev/confirm-deletions";

  private final KubernetesClient wds;
  private final ApplyClients applyClients;
  private final GitRepositoryCache git;
  private final DiscoveryResourceTypes types;
  private final SyncPlanner planner = new SyncPlanner();
  private final ServerSideApplier applier = new ServerSideApplier();
  private final Pruner pruner = new Pruner();
  private final SyncMetrics metrics;
  private final PlacementCheck placementCheck;
  private final Map<String, Renderer> renderers = new ConcurrentHashMap<>();
  private final HelmReleaseRecords releaseRecords =
      new HelmReleaseRecords(new ReleaseHistory(ReleaseHistory.DEFAULT_MAX_HISTORY));

  /** One step of the chain. */
  @FunctionalInterface
  private interface Step {
    StepOutcome run(SourceRun run);
  }

  /**
   * @param clusters the ITS's clusters from placement's inventory (throws {@code
   *     InventoryUnavailableException} while unknown)
   * @param maxRemovedPlacementShare {@code orrery.max-removed-placement-share}
   * @param urlPolicy which Git URLs a GitSource may name
   */
  public GitSourceReconciler(
      KubernetesClient wds,
      ApplyClients applyClients,
      GitRepositoryCache git,
      DiscoveryResourceTypes types,
      SyncMetrics metrics,
      Supplier<List<Cluster>> clusters,
      double maxRemovedPlacementShare,
      GitUrlPolicy urlPolicy) {
    this.urlPolicy = urlPolicy;
    this.placementCheck =
        new PlacementCheck(
            clusters, () -> PlacementCheck.wdsPolicies(wds), git, maxRemovedPlacementShare);
    this.wds = wds;
    this.applyClients = applyClients;
    this.git = git;
    this.types = types;
    this.metrics = metrics;
  }

  /** The reason of a GitSource whose URL the {@link GitUrlPolicy} refuses. */
  static final String URL_REFUSED = "UrlRefused";

  private final GitUrlPolicy urlPolicy;

  /** The reason of a fetch that failed in a way worth retrying (network, server errors). */
  static final String FETCH_FAILED = "FetchFailed";

  public ReconcileResult reconcile(GenericKubernetesResource source) {
    return reconcile(source, null);
  }

  /**
   * One reconcile; {@code webhookAt} is when a push webhook last asked for this source (null: none
   * known), for {@code status.lastWebhookTime}.
   */
  public ReconcileResult reconcile(GenericKubernetesResource source, Instant webhookAt) {
    SourceRun run = new SourceRun(source);
    StepOutcome outcome = StepOutcome.CONTINUE;
    for (Step step :
        List.<Step>of(
            this::parse,
            this::fetch,
            this::render,
            this::releaseRecords,
            this::plan,
            this::apply,
            this::prune)) {
      outcome = step.run(run);
      if (!(outcome instanceof StepOutcome.Continue)) {
        break;
      }
    }
    if (outcome instanceof StepOutcome.Stop stop) {
      LOG.warn("{}: {}", stop.reason(), stop.message());
    }
    return GitSourceStatusBuilder.build(
        new GitSourceStatusBuilder.Input(
            run.previous,
            run.generation,
            run.spec == null ? null : run.spec.interval(),
            run.revision,
            run.facts(),
            outcome,
            Instant.now(),
            webhookAt));
  }

  /** Forgets per-source caches of a deleted GitSource. */
  public void forget(String key) {
    renderers.remove(key);
  }

  private StepOutcome parse(SourceRun run) {
    try {
      run.spec =
          GitSourceSpec.parse(Unstructured.asMap(run.source.getAdditionalProperties().get("spec")));
    } catch (GitSourceSpec.InvalidSpecException e) {
      return new StepOutcome.Stalled("InvalidSpec", e.getMessage());
    }
    return run.spec.suspend() ? new StepOutcome.Suspended() : StepOutcome.CONTINUE;
  }

  private StepOutcome fetch(SourceRun run) {
    java.util.Optional<String> refused = urlPolicy.refusal(run.spec.url());
    if (refused.isPresent()) {
      return new StepOutcome.Stalled(URL_REFUSED, refused.get());
    }
    try {
      run.credentials = SecretCredentials.read(wds, run.namespace, run.spec.secretName());
      long started = System.nanoTime();
      FetchResult fetched =
          git.fetch(FetchRequest.of(run.spec.url(), run.spec.ref(), run.credentials));
      metrics.fetched(run.key, System.nanoTime() - started, true);
      run.revision = fetched.commitId();
      return StepOutcome.CONTINUE;
    } catch (GitSourceException e) {
      metrics.fetched(run.key, 0, false);
      String message = "fetch failed: " + e.getMessage();
      return e.stalledReason()
          .<StepOutcome>map(reason -> new StepOutcome.Stalled(reason, message, true))
          .orElseGet(() -> new StepOutcome.Stop(FETCH_FAILED, message, List.of()));
    } catch (RuntimeException e) {
      metrics.fetched(run.key, 0, false);
      return new StepOutcome.Stop(FETCH_FAILED, "fetch failed: " + e.getMessage(), List.of());
    }
  }

  private StepOutcome render(SourceRun run) {
    CommitTree tree = git.tree(run.spec.url(), run.revision);
    long started = System.nanoTime();
    run.rendered = renderer(run).render(new RenderRequest(tree, run.spec.paths(), run.namespace));
    metrics.rendered(run.key, System.nanoTime() - started, run.rendered.ok());
    if (!run.rendered.ok()) {
      List<String> errors = run.rendered.errors().stream().map(Object::toString).toList();
      return rejected("RenderFailed", run, errors);
    }
    return StepOutcome.CONTINUE;
  }

  /**
   * Adds Helm's release record Secrets for the charts rendered ({@link HelmReleaseRecords}),
   * reading the stored ones as the identity that applies them (which drift checks already need to
   * read); a stored record that cannot be read stops the reconcile before anything is applied.
   */
  private StepOutcome releaseRecords(SourceRun run) {
    if (run.rendered.releases().isEmpty()) {
      return StepOutcome.CONTINUE;
    }
    KubernetesClient reader = applyClients.forSource(run.namespace, run.spec.serviceAccountName());
    try {
      run.rendered =
          releaseRecords.withRecords(
              run.rendered,
              run.previous.inventoryOrEmpty(),
              (namespace, name) -> storedRecord(reader, namespace, name),
              Instant.now(),
              "Git revision " + Revisions.shortForm(run.revision));
      return StepOutcome.CONTINUE;
    } catch (RuntimeException e) {
      return new StepOutcome.Stop(
          "ReleaseRecordsFailed",
          "cannot read the stored Helm release records: " + e.getMessage(),
          List.of());
    }
  }

  private static Optional<ReleaseRecord> storedRecord(
      KubernetesClient client, String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    return ReleaseSecrets.record(
        secret.getMetadata().getLabels(),
        secret.getMetadata().getAnnotations(),
        secret.getType(),
        secret.getData());
  }

  private StepOutcome plan(SourceRun run) {
    boolean confirmed = run.revision.equals(run.annotation(CONFIRM_DELETIONS_ANNOTATION));
    run.plan =
        planner.plan(
            run.rendered.objects(),
            new SyncPlanner.Input(
                run.namespace,
                run.name,
                run.revision,
                run.previous.inventoryOrEmpty(),
                types,
                run.spec.prune(),
                run.spec.maxDeleteRatio(),
                confirmed));
    if (run.plan.rejected()) {
      return rejected("ValidationFailed", run, run.plan.errors());
    }
    return PlacementCheck.needed(run) ? guardPlacements(run, confirmed) : StepOutcome.CONTINUE;
  }

  /**
   * Holds the whole revision when it removes too many placements (object deletions or BindingPolicy
   * changes).
   */
  private StepOutcome guardPlacements(SourceRun run, boolean confirmed) {
    PlacementCheck.Result check = placementCheck.check(run, renderer(run), confirmed);
    if (check.verdict() == null) {
      run.guardNote = check.skipped();
      LOG.info(
          "deletion guard of revision {}: {}", Revisions.shortForm(run.revision), check.skipped());
      return StepOutcome.CONTINUE;
    }
    return check.verdict().held()
        ? new StepOutcome.Held(check.verdict().message())
        : StepOutcome.CONTINUE;
  }

  private Renderer renderer(SourceRun run) {
    return renderers.computeIfAbsent(run.key, k -> new Renderer());
  }

  private static StepOutcome rejected(String reason, SourceRun run, List<String> errors) {
    return new StepOutcome.Stop(
        reason,
        "revision "
            + Revisions.shortForm(run.revision)
            + " rejected: "
            + errors.size()
            + " error(s); the last good revision stays applied",
        errors);
  }

  /** The reason of a revision naming objects that belong to Orrery or to another GitSource. */
  static final String SOURCE_CONFLICT = "SourceConflict";

  /**
   * Objects this revision may not take: Orrery's own CRDs (any CustomResourceDefinition of the
   * groups {@code gitops.orrery.dev} and {@code control.kubestellar.io}), and objects another
   * existing GitSource applied (label {@code gitops.orrery.dev/source}). Only objects new to this
   * source are read from the WDS (one GET each), so a steady sync costs nothing more. Refusing the
   * whole revision, naming each object's path and line and its owner, keeps two sources from taking
   * an object in turns.
   */
  private List<String> takenElsewhere(SourceRun run) {
    List<String> errors = new java.util.ArrayList<>();
    String self = run.namespace + "." + run.name;
    for (PlannedObject object : run.plan.apply()) {
      String at = object.path() + ":" + object.line() + ": " + object.entry().describe();
      if (SyncPlanner.isCrd(object)
          && (object.name().endsWith(".gitops.orrery.dev")
              || object.name().endsWith(".control.kubestellar.io"))) {
        errors.add(at + " is one of Orrery's own CustomResourceDefinitions");
        continue;
      }
      if (run.previous.inventoryOrEmpty().entries().containsKey(object.entry().id())) {
        continue;
      }
      GenericKubernetesResource live;
      try {
        live = applier.live(wds, object);
      } catch (RuntimeException e) {
        continue; // the apply reports what is wrong with it
      }
      Map<String, String> labels = live == null ? null : live.getMetadata().getLabels();
      String owner = labels == null ? null : labels.get(SyncPlanner.SOURCE_LABEL);
      if (owner == null || owner.equals(self) || owner.indexOf('.') < 1) {
        continue;
      }
      String ownerNamespace = owner.substring(0, owner.indexOf('.'));
      String ownerName = owner.substring(owner.indexOf('.') + 1);
      boolean ownerExists;
      try {
        ownerExists =
            wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
                    .inNamespace(ownerNamespace)
                    .withName(ownerName)
                    .get()
                != null;
      } catch (RuntimeException e) {
        ownerExists = true; // cannot tell: do not take it
      }
      if (ownerExists) {
        errors.add(
            at
                + " belongs to GitSource "
                + ownerNamespace
                + "/"
                + ownerName
                + " (label "
                + SyncPlanner.SOURCE_LABEL
                + "); remove it there first");
      }
    }
    return errors;
  }

  /** The reason of a revision the source's service account may not apply in full. */
  static final String FORBIDDEN = "Forbidden";

  /**
   * Dry-runs every object as the source's service account, before anything is applied: an object
   * the account may not write (another namespace, a role granting more than the account holds)
   * rejects the whole revision, naming the object's path and line and the API server's reason, so
   * that nothing is partly applied. Other dry-run failures (a CRD applied by this same revision, a
   * namespace it creates) are left to the apply, which reports them as before.
   */
  private List<String> forbidden(SourceRun run) {
    List<String> errors = new java.util.ArrayList<>();
    for (PlannedObject object : run.plan.apply()) {
      try {
        applier.dryRun(run.client, object, run.spec.force());
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() == 403) {
          String reason =
              e.getStatus() != null && e.getStatus().getMessage() != null
                  ? e.getStatus().getMessage()
                  : e.getMessage();
          errors.add(
              object.path()
                  + ":"
                  + object.line()
                  + ": "
                  + object.entry().describe()
                  + " may not be applied as service account "
                  + run.namespace
                  + "/"
                  + run.spec.serviceAccountName()
                  + ": "
                  + reason);
        }
      }
    }
    return errors;
  }

  private StepOutcome apply(SourceRun run) {
    run.client = applyClients.forSource(run.namespace, run.spec.serviceAccountName());
    if (run.spec.serviceAccountName() != null && !run.spec.serviceAccountName().isEmpty()) {
      List<String> forbidden = forbidden(run);
      if (!forbidden.isEmpty()) {
        run.plan = null; // nothing of this revision is applied or pruned
        return rejected(FORBIDDEN, run, forbidden);
      }
    }
    List<String> taken = takenElsewhere(run);
    if (!taken.isEmpty()) {
      run.plan = null; // nothing of this revision is applied or pruned
      return rejected(SOURCE_CONFLICT, run, taken);
    }
    boolean crdsApplied = false;
    for (PlannedObject object : run.plan.apply()) {
      if (!crdsApplied && !SyncPlanner.isCrd(object)) {
        crdsApplied = true;
        awaitCrds(run.plan.apply());
      }
      try {
        applier.apply(run.client, object, run.spec.force());
        run.inventory.put(object.entry().id(), object.entry());
        run.applied++;
      } catch (RuntimeException e) {
        run.applyErrors.add(e.getMessage());
      }
    }
    metrics.applied(run.key, run.applied);
    run.driftChecked = run.driftCheckDue(Instant.now());
    if (run.driftChecked) {
      correctDrift(run);
    }
    return StepOutcome.CONTINUE;
  }

  private void correctDrift(SourceRun run) {
    for (PlannedObject object : run.plan.unchanged()) {
      try {
        if (applier.drifted(run.client, object)) {
          applier.apply(run.client, object, run.spec.force());
          run.corrected++;
        }
      } catch (RuntimeException e) {
        run.applyErrors.add(e.getMessage());
      }
    }
    metrics.driftCorrected(run.key, run.corrected);
  }

  /** Prunes only after every object applied, and never what the deletion guard holds. */
  private StepOutcome prune(SourceRun run) {
    SyncPlan plan = run.plan;
    if (!plan.prune().isEmpty() && run.applyErrors.isEmpty() && !plan.deletionsHeld()) {
      run.pruning =
          Pruning.run(plan.prune(), entry -> pruner.prune(run.client, entry, run.owner()));
      run.pruning.removed().forEach(e -> run.inventory.remove(e.id()));
      metrics.pruned(run.key, run.pruning.pruned());
    }
    List<String> errors = new ArrayList<>(run.applyErrors);
    errors.addAll(run.pruning.errors());
    if (!errors.isEmpty()) {
      return new StepOutcome.Stop(
          "ApplyFailed",
          errors.size() + " object(s) could not be applied: " + errors.get(0),
          errors);
    }
    return StepOutcome.CONTINUE;
  }

  private void awaitCrds(List<PlannedObject> objects) {
    boolean any = false;
    for (PlannedObject o : objects) {
      if (SyncPlanner.isCrd(o)) {
        any = true;
        wds.apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(o.name())
            .waitUntilCondition(GitSourceReconciler::established, 30, TimeUnit.SECONDS);
      }
    }
    if (any) {
      types.invalidate();
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
