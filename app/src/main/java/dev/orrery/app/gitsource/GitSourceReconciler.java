package dev.orrery.app.gitsource;

import dev.orrery.app.sync.DiscoveryResourceTypes;
import dev.orrery.app.sync.Inventory;
import dev.orrery.app.sync.InventoryEntry;
import dev.orrery.app.sync.PlannedObject;
import dev.orrery.app.sync.Pruner;
import dev.orrery.app.sync.ServerSideApplier;
import dev.orrery.app.sync.SyncPlan;
import dev.orrery.app.sync.SyncPlanner;
import dev.orrery.gitsource.CommitTree;
import dev.orrery.gitsource.FetchRequest;
import dev.orrery.gitsource.FetchResult;
import dev.orrery.gitsource.GitCredentials;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.controller.Conditions;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.renderer.RenderRequest;
import dev.orrery.renderer.RenderResult;
import dev.orrery.renderer.Renderer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GitSource reconcile as a pipeline of named steps: fetch → render → plan → apply → prune →
 * status. A failed fetch, render or plan leaves the last good revision applied and prunes nothing.
 */
public final class GitSourceReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(GitSourceReconciler.class);
  public static final String CONFIRM_DELETIONS_ANNOTATION = "gitops.orrery.dev/confirm-deletions";
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

  private final KubernetesClient wds;
  private final ApplyClients applyClients;
  private final GitRepositoryCache git;
  private final DiscoveryResourceTypes types;
  private final SyncPlanner planner = new SyncPlanner();
  private final ServerSideApplier applier = new ServerSideApplier();
  private final Pruner pruner = new Pruner();
  private final SyncMetrics metrics;
  private final Map<String, Renderer> renderers = new ConcurrentHashMap<>();

  public GitSourceReconciler(KubernetesClient wds, ApplyClients applyClients, GitRepositoryCache git,
      DiscoveryResourceTypes types, SyncMetrics metrics) {
    this.wds = wds;
    this.applyClients = applyClients;
    this.git = git;
    this.types = types;
    this.metrics = metrics;
  }

  public ReconcileResult reconcile(GenericKubernetesResource source) {
    Step step = new Step(source);
    try {
      step.spec = GitSourceSpec.parse(Unstructured.asMap(source.getAdditionalProperties().get("spec")));
    } catch (GitSourceSpec.InvalidSpecException e) {
      return step.stalled("InvalidSpec", e.getMessage());
    }
    if (step.spec.suspend()) {
      return step.suspended();
    }
    return fetch(step);
  }

  /** Forgets per-source caches of a deleted GitSource. */
  public void forget(String key) {
    renderers.remove(key);
  }

  private ReconcileResult fetch(Step step) {
    FetchResult fetched;
    try {
      GitCredentials credentials = SecretCredentials.read(wds, step.namespace, step.spec.secretName());
      long started = System.nanoTime();
      fetched = git.fetch(FetchRequest.of(step.spec.url(), step.spec.ref(), credentials));
      metrics.fetched(step.key, System.nanoTime() - started, true);
    } catch (RuntimeException e) {
      metrics.fetched(step.key, 0, false);
      return step.failed("FetchFailed", "fetch failed: " + e.getMessage(), List.of());
    }
    step.revision = fetched.commitId();
    step.status.put("lastFetchedRevision", step.revision);
    return render(step);
  }

  private ReconcileResult render(Step step) {
    CommitTree tree = git.tree(step.spec.url(), step.revision);
    long started = System.nanoTime();
    RenderResult rendered = renderers.computeIfAbsent(step.key, k -> new Renderer())
        .render(new RenderRequest(tree, step.spec.paths(), step.namespace));
    metrics.rendered(step.key, System.nanoTime() - started, rendered.ok());
    if (!rendered.ok()) {
      List<String> errors = rendered.errors().stream().map(Object::toString).toList();
      return step.failed("RenderFailed", "revision " + shortRev(step.revision) + " rejected: "
          + errors.size() + " error(s); the last good revision stays applied", errors);
    }
    return plan(step, rendered);
  }

  private ReconcileResult plan(Step step, RenderResult rendered) {
    Inventory previous = Inventory.ofSourceStatus(step.previousStatus);
    boolean confirmed = step.revision.equals(annotation(step.source, CONFIRM_DELETIONS_ANNOTATION));
    SyncPlan plan = planner.plan(rendered.objects(), new SyncPlanner.Input(step.namespace, step.name,
        step.revision, previous, types, step.spec.prune(), step.spec.maxDeleteRatio(), confirmed));
    if (plan.rejected()) {
      return step.failed("ValidationFailed", "revision " + shortRev(step.revision) + " rejected: "
          + plan.errors().size() + " error(s); the last good revision stays applied", plan.errors());
    }
    return apply(step, plan, previous);
  }

  private ReconcileResult apply(Step step, SyncPlan plan, Inventory previous) {
    KubernetesClient client = applyClients.forSource(step.namespace, step.spec.serviceAccountName());
    Map<String, InventoryEntry> next = new LinkedHashMap<>(previous.entries());
    List<String> errors = new ArrayList<>();
    boolean crdsApplied = false;
    int applied = 0;
    for (PlannedObject object : plan.apply()) {
      if (!crdsApplied && !SyncPlanner.isCrd(object)) {
        crdsApplied = true;
        awaitCrds(plan.apply());
      }
      try {
        applier.apply(client, object, step.spec.force());
        next.put(object.entry().id(), object.entry());
        applied++;
      } catch (RuntimeException e) {
        errors.add(e.getMessage());
      }
    }
    metrics.applied(step.key, applied);
    int corrected = 0;
    if (step.driftCheckDue()) {
      for (PlannedObject object : plan.unchanged()) {
        try {
          if (applier.drifted(client, object)) {
            applier.apply(client, object, step.spec.force());
            corrected++;
          }
        } catch (RuntimeException e) {
          errors.add(e.getMessage());
        }
      }
      metrics.driftCorrected(step.key, corrected);
    }
    int pruned = 0;
    List<ReconcileResult.SourceEvent> events = new ArrayList<>();
    if (!plan.prune().isEmpty() && errors.isEmpty() && !plan.deletionsHeld()) {
      String owner = step.namespace + "." + step.name;
      for (InventoryEntry entry : plan.prune()) {
        try {
          pruner.prune(client, entry, owner);
          next.remove(entry.id());
          pruned++;
        } catch (RuntimeException e) {
          errors.add("prune " + entry.describe() + ": " + e.getMessage());
        }
      }
      metrics.pruned(step.key, pruned);
    }
    if (plan.deletionsHeld()) {
      events.add(new ReconcileResult.SourceEvent(true, "DeletionHeld", plan.guardMessage()));
    }
    step.status.put("inventory", Map.of("entries", Inventory.of(List.copyOf(next.values())).toStatus()));
    step.status.put("appliedCount", applied);
    step.status.put("prunedCount", pruned);
    step.status.put("heldDeletions", plan.deletionsHeld() ? plan.prune().size() : 0);
    long totalDrift = number(step.previousStatus.get("driftCorrections")) + corrected;
    step.status.put("driftCorrections", totalDrift);
    if (!errors.isEmpty()) {
      return step.failed("ApplyFailed", errors.size() + " object(s) could not be applied: " + errors.get(0), errors, events);
    }
    step.status.put("lastAppliedRevision", step.revision);
    if (applied > 0 || pruned > 0 || !step.revision.equals(step.previousStatus.get("lastAppliedRevision"))) {
      step.status.put("lastAppliedTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    } else if (step.previousStatus.get("lastAppliedTime") != null) {
      step.status.put("lastAppliedTime", step.previousStatus.get("lastAppliedTime"));
    }
    if (step.driftCheckDue()) {
      step.status.put("lastDriftCheckTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
    if (plan.deletionsHeld()) {
      return step.ready(false, "DeletionHeld", plan.guardMessage(), events);
    }
    String message = "applied revision " + shortRev(step.revision) + ": " + applied + " changed, "
        + plan.unchanged().size() + " unchanged, " + pruned + " pruned"
        + (corrected > 0 ? ", " + corrected + " drift correction(s)" : "");
    if (applied > 0 || pruned > 0) {
      events.add(new ReconcileResult.SourceEvent(false, "Applied", message));
    }
    return step.ready(true, "Applied", message, events);
  }

  private void awaitCrds(List<PlannedObject> objects) {
    boolean any = false;
    for (PlannedObject o : objects) {
      if (SyncPlanner.isCrd(o)) {
        any = true;
        wds.apiextensions().v1().customResourceDefinitions().withName(o.name())
            .waitUntilCondition(GitSourceReconciler::established, 30, TimeUnit.SECONDS);
      }
    }
    if (any) {
      types.invalidate();
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static String shortRev(String revision) {
    return revision == null ? "" : revision.substring(0, Math.min(12, revision.length()));
  }

  private static String annotation(GenericKubernetesResource r, String key) {
    Map<String, String> a = r.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  /** The state of one reconcile as it moves through the steps. */
  private static final class Step {
    final GenericKubernetesResource source;
    final String namespace;
    final String name;
    final String key;
    final long generation;
    final Map<String, Object> previousStatus;
    final Map<String, Object> status = new LinkedHashMap<>();
    GitSourceSpec spec;
    String revision;

    Step(GenericKubernetesResource source) {
      this.source = source;
      this.namespace = source.getMetadata().getNamespace();
      this.name = source.getMetadata().getName();
      this.key = namespace + "/" + name;
      this.generation = source.getMetadata().getGeneration() == null ? 0 : source.getMetadata().getGeneration();
      this.previousStatus = Unstructured.asMap(source.getAdditionalProperties().get("status"));
      // Carry over what this reconcile may not reach.
      for (String k : List.of("lastFetchedRevision", "lastAppliedRevision", "lastAppliedTime", "inventory",
          "appliedCount", "prunedCount", "driftCorrections", "heldDeletions", "lastDriftCheckTime")) {
        if (previousStatus.containsKey(k)) {
          status.put(k, previousStatus.get(k));
        }
      }
    }

    /** Drift is re-checked once per interval, not on every event-driven reconcile. */
    boolean driftCheckDue() {
      Object last = previousStatus.get("lastDriftCheckTime");
      if (!(last instanceof String s)) {
        return true;
      }
      try {
        return Instant.parse(s).plus(spec.interval()).minusSeconds(1).isBefore(Instant.now());
      } catch (RuntimeException e) {
        return true;
      }
    }

    ReconcileResult stalled(String reason, String message) {
      status.put("errors", List.of(message));
      return finish(List.of(
          Conditions.condition("Ready", false, reason, message, generation),
          Conditions.condition("Reconciling", false, reason, message, generation),
          Conditions.condition("Stalled", true, reason, message, generation)),
          null, List.of(new ReconcileResult.SourceEvent(true, reason, message)));
    }

    ReconcileResult suspended() {
      String message = "reconciliation is suspended (spec.suspend)";
      return finish(List.of(
          Conditions.condition("Ready", Boolean.parseBoolean(String.valueOf(readyStatus())), "Suspended", message, generation),
          Conditions.condition("Reconciling", false, "Suspended", message, generation),
          Conditions.condition("Stalled", false, "Suspended", message, generation)), null, List.of());
    }

    ReconcileResult failed(String reason, String message, List<String> errors) {
      return failed(reason, message, errors, List.of());
    }

    ReconcileResult failed(String reason, String message, List<String> errors, List<ReconcileResult.SourceEvent> extra) {
      status.put("errors", errors.stream().limit(100).toList());
      List<ReconcileResult.SourceEvent> events = new ArrayList<>(extra);
      events.add(new ReconcileResult.SourceEvent(true, reason, message));
      LOG.warn("{}: {}", reason, message);
      Duration retry = spec == null ? RETRY_AFTER_FAILURE
          : spec.interval().compareTo(RETRY_AFTER_FAILURE) < 0 ? spec.interval() : RETRY_AFTER_FAILURE;
      return finish(List.of(
          Conditions.condition("Ready", false, reason, message, generation),
          Conditions.condition("Reconciling", false, reason, message, generation),
          Conditions.condition("Stalled", false, reason, message, generation)), retry, events);
    }

    ReconcileResult ready(boolean ready, String reason, String message, List<ReconcileResult.SourceEvent> events) {
      status.put("errors", List.of());
      return finish(List.of(
          Conditions.condition("Ready", ready, reason, message, generation),
          Conditions.condition("Reconciling", false, reason, message, generation),
          Conditions.condition("Stalled", false, reason, message, generation)), spec.interval(), events);
    }

    private Object readyStatus() {
      Map<String, Object> c = Conditions.find(previousStatus.get("conditions"), "Ready");
      return c == null ? "False" : c.get("status");
    }

    private ReconcileResult finish(List<Map<String, Object>> conditions, Duration requeue,
        List<ReconcileResult.SourceEvent> events) {
      status.put("observedGeneration", generation);
      status.put("conditions", Conditions.merge(previousStatus.get("conditions"), conditions));
      return new ReconcileResult(status, requeue, events);
    }
  }
}
