package dev.orrery.app.report;

import dev.orrery.app.gitsource.Revisions;
import dev.orrery.app.report.forge.CommitStatus;
import dev.orrery.app.rollout.RolloutView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Git is told about the rollouts of a GitSource's BindingPolicies, purely: one line per
 * rollout ("wave 2 of 3, 3/10 clusters on 4b825dc642cb"; a rollback names the revision rolled back,
 * the one it went back to, and why), and the commit status they make. A failed rollout (Halted,
 * RolledBack) makes a {@code failure}, one still under way a {@code pending}; when every rollout
 * Succeeded the status of the placed objects stands.
 */
public final class RolloutReport {
  private RolloutReport() {}

  /** One line for people about a rollout. */
  public static String summary(RolloutView r) {
    String on = on(r);
    String at = "wave " + Math.max(r.currentWave(), 1) + " of " + r.waveCount();
    return switch (r.phase()) {
      case "Progressing" -> at + ", " + r.updatedText() + " clusters on " + on;
      case "Paused" -> "paused at " + at + ", " + r.updatedText() + " clusters on " + on;
      case "Succeeded" -> "rolled out to " + r.totalClusters() + " cluster(s) on " + on;
      case "Halted" -> "halted at " + at + " on " + on + why(r);
      case "RolledBack" ->
          "rolled back "
              + on
              + stableOf(r).map(s -> " to revision " + s).orElse("")
              + " at "
              + at
              + why(r);
      case "Superseded" -> "superseded: " + on + " was replaced by a newer revision";
      default -> "rollout of " + on + " starting";
    };
  }

  /**
   * The commit status the rollouts make, or empty when none is failed or under way (then the placed
   * objects decide). With several rollouts each line starts with its BindingPolicy.
   */
  public static Optional<CommitStatus> commitStatus(String context, List<RolloutView> rollouts) {
    List<RolloutView> failed = rollouts.stream().filter(RolloutView::failed).toList();
    List<RolloutView> inFlight = rollouts.stream().filter(RolloutView::inFlight).toList();
    if (!failed.isEmpty()) {
      return Optional.of(
          new CommitStatus(CommitStatus.State.FAILURE, context, lines(failed, rollouts), null));
    }
    if (!inFlight.isEmpty()) {
      return Optional.of(
          new CommitStatus(CommitStatus.State.PENDING, context, lines(inFlight, rollouts), null));
    }
    return Optional.empty();
  }

  /**
   * The status to send: a failed rollout first, then objects not applied, then a rollout under way,
   * then the placed objects' own status.
   */
  public static CommitStatus combined(CommitStatus objects, Optional<CommitStatus> rollouts) {
    if (rollouts.isEmpty()) {
      return objects;
    }
    boolean objectsFailed = objects.state() == CommitStatus.State.FAILURE;
    return rollouts.get().state() == CommitStatus.State.FAILURE || !objectsFailed
        ? rollouts.get()
        : objects;
  }

  /** The rollout part of a BindingPolicy's status file. */
  public static Map<String, Object> document(RolloutView r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("rolloutPolicy", r.rolloutPolicy());
    doc.put("revision", r.revision());
    doc.put("contentHash", r.contentHash());
    doc.put("sourceRevision", r.sourceRevision());
    doc.put("phase", r.phase());
    doc.put("wave", r.waveText());
    doc.put("updated", r.updatedText());
    doc.put("summary", summary(r));
    doc.put("message", r.message());
    Map<String, Object> clusters = new LinkedHashMap<>();
    for (RolloutView.ClusterRollout c : r.clusters()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("wave", c.wave());
      if (!c.waveName().isEmpty()) {
        m.put("waveName", c.waveName());
      }
      m.put("revision", c.revision());
      m.put("health", c.health());
      if (!c.reason().isEmpty()) {
        m.put("reason", c.reason());
      }
      clusters.put(c.name(), m);
    }
    doc.put("clusters", clusters);
    if (!r.failures().isEmpty()) {
      doc.put(
          "failures",
          r.failures().stream()
              .map(f -> Map.<String, Object>of("cluster", f.cluster(), "reason", f.reason()))
              .toList());
    }
    return doc;
  }

  private static String lines(List<RolloutView> shown, List<RolloutView> all) {
    return String.join(
        "; ",
        shown.stream()
            .map(r -> (all.size() > 1 ? r.bindingPolicy() + ": " : "") + summary(r))
            .toList());
  }

  /** The Git commit (short) the content came from, else its revision number and content hash. */
  private static String on(RolloutView r) {
    return r.sourceRevision().isEmpty()
        ? "revision " + r.revision() + " (" + r.contentHash() + ")"
        : Revisions.shortForm(r.sourceRevision());
  }

  /** The revision a rolled-back rollout's clusters went back to: what they now get. */
  private static Optional<String> stableOf(RolloutView r) {
    return r.clusters().stream()
        .map(RolloutView.ClusterRollout::revision)
        .filter(rev -> !rev.isEmpty() && !rev.equals(r.contentHash()))
        .findFirst();
  }

  private static String why(RolloutView r) {
    if (!r.failures().isEmpty()) {
      return ": "
          + String.join(
              "; ", r.failures().stream().map(f -> f.cluster() + ": " + f.reason()).toList());
    }
    // e.g. "aborted (annotation ...); rolled back to ...": the cause is the first part
    String cause = r.message().split(";", 2)[0].trim();
    return cause.isEmpty() ? "" : ": " + cause;
  }
}
