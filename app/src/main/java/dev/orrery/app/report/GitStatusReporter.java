package dev.orrery.app.report;

import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.gitsource.GitSourceSpec;
import dev.orrery.app.gitsource.GitSourceStatus;
import dev.orrery.app.gitsource.Revisions;
import dev.orrery.app.gitsource.SecretCredentials;
import dev.orrery.app.report.forge.CommitStatus;
import dev.orrery.app.report.forge.ForgeReporter;
import dev.orrery.app.rollout.RolloutView;
import dev.orrery.app.rollout.RolloutViews;
import dev.orrery.app.sync.Inventory;
import dev.orrery.gitsource.GitCredentials;
import dev.orrery.gitsource.GitNotes;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.gitsource.StatusBranchWriter;
import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.controller.PlacementService;
import dev.orrery.placement.match.Unstructured;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.PersonIdent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what each cluster runs back to Git, for every GitSource that asks: with {@code
 * spec.report.mode: commit}, status files on a status branch (one commit whenever they change,
 * never otherwise; a lost push race is retried on the new tip) and optionally a Git note on the
 * applied commit; with {@code mode: forge}, a commit status {@code orrery/<ns>/<name>} on the
 * applied revision, sent when its state changes. Runs on its own thread, and forge calls are
 * asynchronous, so Git hosting being down never blocks applying.
 */
public final class GitStatusReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitStatusReporter.class);

  private final GitSourceController sources;
  private final PlacementService placement;
  private final KubernetesClient wds;
  private final StatusBranchWriter writer;
  private final GitNotes notes;
  private final Map<String, Integer> lastWritten = new ConcurrentHashMap<>();
  private final Map<String, String> lastNoted = new ConcurrentHashMap<>();
  private final Map<String, String> lastForgeStatus = new ConcurrentHashMap<>();
  private final Map<String, String> lastRejection = new ConcurrentHashMap<>();
  private final ForgeReporter forge;
  private final StatusReportMetrics metrics;
  private final ReportLinks links;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "status-reporter");
            t.setDaemon(true);
            return t;
          });

  public GitStatusReporter(
      GitSourceController sources,
      PlacementService placement,
      KubernetesClient wds,
      GitRepositoryCache git,
      ForgeReporter forge,
      StatusReportMetrics metrics,
      ReportLinks links) {
    this.links = links;
    this.forge = forge;
    this.metrics = metrics;
    this.sources = sources;
    this.placement = placement;
    this.wds = wds;
    this.writer = new StatusBranchWriter(git);
    this.notes = new GitNotes(git);
  }

  public void start(Duration period) {
    loop.scheduleWithFixedDelay(
        this::reportAll, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass over every GitSource this replica owns (also called by tests). */
  public void reportAll() {
    List<GenericKubernetesResource> owned = sources.owned();
    LOG.debug("reporting {} GitSource(s)", owned.size());
    for (GenericKubernetesResource source : owned) {
      try {
        report(source);
      } catch (RuntimeException e) {
        LOG.warn(
            "status report of {}/{} failed; retrying next round: {}",
            source.getMetadata().getNamespace(),
            source.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  private void report(GenericKubernetesResource source) {
    GitSourceSpec spec;
    try {
      spec = GitSourceSpec.parse(Unstructured.asMap(source.getAdditionalProperties().get("spec")));
    } catch (RuntimeException invalid) {
      LOG.debug(
          "{}: not reported, invalid spec: {}",
          source.getMetadata().getName(),
          invalid.getMessage());
      return;
    }
    GitSourceStatus status = GitSourceStatus.parse(source.getAdditionalProperties().get("status"));
    String revision = status.lastAppliedRevision();
    LOG.debug(
        "{}: report {} at revision {}", source.getMetadata().getName(), spec.report(), revision);
    if (spec.suspend()) {
      return;
    }
    if (spec.report().forgeStatuses()) {
      reportRejectionToForge(source, spec, status);
    }
    if (revision == null) {
      return;
    }
    if (spec.report().forgeStatuses()) {
      reportToForge(source, spec, status, revision);
      return;
    }
    if (!spec.report().commits()) {
      return;
    }
    String namespace = source.getMetadata().getNamespace();
    String name = source.getMetadata().getName();
    Map<String, List<PlacedObject>> byPolicy = new LinkedHashMap<>();
    for (String policy : status.inventoryOrEmpty().bindingPolicies()) {
      byPolicy.put(policy, placement.placedObjects(policy));
    }
    String directory = spec.report().directory(namespace, name);
    Map<String, byte[]> files =
        StatusDocuments.build(
            directory,
            namespace,
            name,
            revision,
            byPolicy,
            rollouts(byPolicy.keySet()),
            unavailableClusters());
    String key = namespace + "/" + name;
    int fingerprint =
        files.entrySet().stream()
            .mapToInt(e -> e.getKey().hashCode() * 31 + Arrays.hashCode(e.getValue()))
            .sum();
    GitCredentials credentials = SecretCredentials.read(wds, namespace, spec.secretName());
    PersonIdent author = new PersonIdent(spec.report().authorName(), spec.report().authorEmail());
    if (!Integer.valueOf(fingerprint).equals(lastWritten.get(key))) {
      var timing = metrics.start();
      var result =
          writer.write(
              spec.url(),
              credentials,
              spec.report().branch(),
              directory,
              files,
              "orrery: status of " + key + " at " + Revisions.shortForm(revision),
              author);
      lastWritten.put(key, fingerprint);
      metrics.reported(timing, "commit");
      LOG.info(
          "status of {} {} on branch {} ({})",
          key,
          result.committed() ? "committed" : "unchanged",
          spec.report().branch(),
          result.commitId());
    }
    if (spec.report().gitNotes()) {
      String note = StatusDocuments.note(revision, byPolicy);
      if (!note.equals(lastNoted.get(key + "@" + revision))) {
        notes.add(spec.url(), credentials, revision, note, author);
        lastNoted.put(key + "@" + revision, note);
      }
    }
  }

  /** A fetched revision that was refused gets a failure status of its own (once per revision). */
  private void reportRejectionToForge(
      GenericKubernetesResource source, GitSourceSpec spec, GitSourceStatus status) {
    if (!status.fetchedNotApplied()) {
      return;
    }
    String key = source.getMetadata().getNamespace() + "/" + source.getMetadata().getName();
    RevisionState.rejected("orrery/" + key, status.readyReason(), status.errorsOrEmpty())
        .ifPresent(
            commitStatus ->
                sendCommitStatus(
                    source, spec, status.lastFetchedRevision(), commitStatus, lastRejection));
  }

  private void reportToForge(
      GenericKubernetesResource source,
      GitSourceSpec spec,
      GitSourceStatus status,
      String revision) {
    String key = source.getMetadata().getNamespace() + "/" + source.getMetadata().getName();
    Inventory inventory = status.inventoryOrEmpty();
    java.util.Set<String> own = new java.util.HashSet<>();
    inventory
        .entries()
        .values()
        .forEach(e -> own.add(e.group() + "/" + e.namespace() + "/" + e.name()));
    List<PlacedObject> placed = new java.util.ArrayList<>();
    for (String policy : inventory.bindingPolicies()) {
      placement.placedObjects(policy).stream()
          .filter(
              o -> own.contains(o.ref().group() + "/" + o.ref().namespace() + "/" + o.ref().name()))
          .forEach(placed::add);
    }
    CommitStatus objects = RevisionState.of("orrery/" + key, revision, placed);
    List<RolloutView> rollouts = List.copyOf(rollouts(inventory.bindingPolicies()).values());
    CommitStatus combined =
        RolloutReport.combined(objects, RolloutReport.commitStatus("orrery/" + key, rollouts));
    if (combined.state() == CommitStatus.State.PENDING && wdsAhead(placed, revision)) {
      // The WDS already holds objects of another revision: a newer one is being applied and the
      // GitSource's status does not say so yet (e.g. right after a restart). Reporting now would
      // turn this revision's success back into pending; its successor gets the next report.
      LOG.debug("{}: not reported, a newer revision than {} is being applied", key, revision);
      return;
    }
    sendCommitStatus(source, spec, revision, combined, lastForgeStatus);
  }

  /** Whether some of these objects carry a revision other than {@code revision} in the WDS. */
  static boolean wdsAhead(List<PlacedObject> placed, String revision) {
    return placed.stream().anyMatch(o -> o.revision() != null && !revision.equals(o.revision()));
  }

  /** The current rollout of each of these BindingPolicies that a RolloutPolicy governs. */
  private Map<String, RolloutView> rollouts(java.util.Collection<String> policies) {
    Map<String, RolloutView> out = new java.util.TreeMap<>();
    for (String policy : policies) {
      RolloutViews.currentOf(policy, placement.bindingRevisions(policy))
          .ifPresent(r -> out.put(policy, r));
    }
    return out;
  }

  /**
   * Sends a commit status for {@code sha}, linked to the GitSource's placement report, unless the
   * same was last sent for this GitSource ({@code sent} remembers what was).
   */
  private void sendCommitStatus(
      GenericKubernetesResource source,
      GitSourceSpec spec,
      String sha,
      CommitStatus status,
      Map<String, String> sent) {
    String namespace = source.getMetadata().getNamespace();
    String key = namespace + "/" + source.getMetadata().getName();
    CommitStatus linked =
        status.withTargetUrl(links.gitSource(namespace, source.getMetadata().getName()));
    String fingerprint = sha + " " + linked.state() + " " + linked.description();
    if (fingerprint.equals(sent.get(key))) {
      return;
    }
    ForgeTarget target = ForgeTarget.of(wds, namespace, spec.report().forge(), spec.url());
    var timing = metrics.start();
    forge
        .setCommitStatus(target.client(), target.repo(), sha, linked)
        .thenAccept(
            delivery -> {
              if (delivery == ForgeReporter.Delivery.DELIVERED) {
                metrics.reported(timing, "forge");
              }
            });
    sent.put(key, fingerprint);
    LOG.info(
        "{}: commit status {} '{}' sent for {}@{}",
        key,
        linked.state(),
        linked.description(),
        target.repo().fullPath(),
        sha);
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }

  /** The clusters OCM reports unavailable, with why. */
  private Map<String, String> unavailableClusters() {
    Map<String, String> out = new java.util.TreeMap<>();
    placement.inventory().forEach(c -> c.unavailable().ifPresent(why -> out.put(c.name(), why)));
    return out;
  }
}
