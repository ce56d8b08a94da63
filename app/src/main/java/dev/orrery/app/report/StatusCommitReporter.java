package dev.orrery.app.report;

import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.gitsource.GitSourceSpec;
import dev.orrery.app.gitsource.SecretCredentials;
import dev.orrery.gitsource.GitCredentials;
import dev.orrery.gitsource.GitNotes;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.gitsource.StatusBranchWriter;
import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.controller.PlacementService;
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
 * Writes, for every GitSource with {@code spec.report.mode: commit}, what each cluster runs to its
 * status branch: one commit whenever the status files change (never otherwise; a lost push race
 * is retried on the new tip), naming the source revision; optionally a Git note on the applied
 * commit. Runs on its own thread, so Git hosting being down never blocks applying.
 */
public final class StatusCommitReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusCommitReporter.class);

  private final GitSourceController sources;
  private final PlacementService placement;
  private final KubernetesClient wds;
  private final StatusBranchWriter writer;
  private final GitNotes notes;
  private final Map<String, Integer> lastWritten = new ConcurrentHashMap<>();
  private final Map<String, String> lastNoted = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "status-reporter");
    t.setDaemon(true);
    return t;
  });

  public StatusCommitReporter(GitSourceController sources, PlacementService placement, KubernetesClient wds,
      GitRepositoryCache git) {
    this.sources = sources;
    this.placement = placement;
    this.wds = wds;
    this.writer = new StatusBranchWriter(git);
    this.notes = new GitNotes(git);
  }

  public void start(Duration period) {
    loop.scheduleWithFixedDelay(this::reportAll, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass over every GitSource (also called by tests). */
  public void reportAll() {
    for (GenericKubernetesResource source : sources.all()) {
      try {
        report(source);
      } catch (RuntimeException e) {
        LOG.warn("status report of {}/{} failed; retrying next round: {}", source.getMetadata().getNamespace(),
            source.getMetadata().getName(), e.getMessage());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void report(GenericKubernetesResource source) {
    GitSourceSpec spec;
    try {
      spec = GitSourceSpec.parse((Map<String, Object>) source.getAdditionalProperties().get("spec"));
    } catch (RuntimeException invalid) {
      return;
    }
    Map<String, Object> status = source.getAdditionalProperties().get("status") instanceof Map<?, ?> m
        ? (Map<String, Object>) m : Map.of();
    Object revision = status.get("lastAppliedRevision");
    if (!spec.report().commits() || spec.suspend() || revision == null) {
      return;
    }
    String namespace = source.getMetadata().getNamespace();
    String name = source.getMetadata().getName();
    Map<String, List<PlacedObject>> byPolicy = new LinkedHashMap<>();
    for (String policy : policiesOf(status)) {
      byPolicy.put(policy, placement.placedObjects(policy));
    }
    Map<String, byte[]> files = StatusDocuments.build(namespace, name, revision.toString(), byPolicy);
    String key = namespace + "/" + name;
    int fingerprint = files.entrySet().stream().mapToInt(e -> e.getKey().hashCode() * 31 + Arrays.hashCode(e.getValue())).sum();
    GitCredentials credentials = SecretCredentials.read(wds, namespace, spec.secretName());
    PersonIdent author = new PersonIdent(spec.report().authorName(), spec.report().authorEmail());
    if (!Integer.valueOf(fingerprint).equals(lastWritten.get(key))) {
      var result = writer.write(spec.url(), credentials, spec.report().branch(), files,
          "orrery: status of " + key + " at " + revision.toString().substring(0, Math.min(12, revision.toString().length())),
          author);
      lastWritten.put(key, fingerprint);
      LOG.info("status of {} {} on branch {} ({})", key, result.committed() ? "committed" : "unchanged",
          spec.report().branch(), result.commitId());
    }
    if (spec.report().gitNotes()) {
      String note = StatusDocuments.note(revision.toString(), byPolicy);
      if (!note.equals(lastNoted.get(key + "@" + revision))) {
        notes.add(spec.url(), credentials, revision.toString(), note, author);
        lastNoted.put(key + "@" + revision, note);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> policiesOf(Map<String, Object> status) {
    Object entries = status.get("inventory") instanceof Map<?, ?> inv ? inv.get("entries") : null;
    if (!(entries instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().map(e -> (Map<String, Object>) e)
        .filter(e -> "BindingPolicy".equals(e.get("kind")) && String.valueOf(e.get("apiVersion")).startsWith("control.kubestellar.io/"))
        .map(e -> String.valueOf(e.get("name"))).sorted().toList();
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
