package dev.orrery.app.gitsource;

import dev.orrery.controller.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report step of a GitSource reconcile, purely: the previous status and what the steps did in,
 * the new status, when to look again and the Events to record out. No client; what it says about a
 * revision (applied, held, rejected) is decided here and nowhere else.
 */
public final class GitSourceStatusBuilder {
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);
  static final int FIRST_FETCH_RETRY_SECONDS = 5;
  static final Duration MAX_FETCH_BACKOFF = Duration.ofMinutes(5);
  private static final int MAX_ERRORS = 100;
  private static final int MAX_SKIPPED = 20;

  private GitSourceStatusBuilder() {}

  /**
   * Everything the report depends on.
   *
   * @param previous the status the reconcile started from
   * @param generation the GitSource's {@code metadata.generation}
   * @param interval {@code spec.interval}; null when the spec could not be read
   * @param fetchedRevision the revision fetched by this reconcile; null when fetching did not
   *     succeed
   * @param facts what applying and pruning did; null when the reconcile did not get that far
   * @param outcome how the chain of steps ended
   * @param now the time of the report
   * @param webhookAt when a push webhook last asked for this source, as far as this replica knows
   *     (null: none known); the status keeps the later of it and what it held
   */
  public record Input(
      GitSourceStatus previous,
      long generation,
      Duration interval,
      String fetchedRevision,
      SyncFacts facts,
      StepOutcome outcome,
      Instant now,
      Instant webhookAt) {

    /** An input with no webhook known. */
    public Input(
        GitSourceStatus previous,
        long generation,
        Duration interval,
        String fetchedRevision,
        SyncFacts facts,
        StepOutcome outcome,
        Instant now) {
      this(previous, generation, interval, fetchedRevision, facts, outcome, now, null);
    }
  }

  public static ReconcileResult build(Input in) {
    GitSourceStatus prev = in.previous();
    SyncFacts facts = in.facts();
    String fetched =
        in.fetchedRevision() != null ? in.fetchedRevision() : prev.lastFetchedRevision();
    boolean applied = in.outcome() instanceof StepOutcome.Continue;
    String now = in.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String lastApplied = applied ? fetched : prev.lastAppliedRevision();
    String lastAppliedTime = prev.lastAppliedTime();
    if (applied
        && (facts.applied() > 0
            || facts.pruned() > 0
            || !fetched.equals(prev.lastAppliedRevision()))) {
      lastAppliedTime = now;
    }
    String lastDriftCheck = applied && facts.driftChecked() ? now : prev.lastDriftCheckTime();
    String lastFetchTime = in.fetchedRevision() != null ? now : prev.lastFetchTime();
    String lastWebhookTime = later(prev.lastWebhookTime(), in.webhookAt());
    long drift = prev.driftCorrections() == null ? 0 : prev.driftCorrections();
    Verdict verdict = verdict(in);
    GitSourceStatus status =
        new GitSourceStatus(
            in.generation(),
            Conditions.merge(prev.conditions(), verdict.conditions(in.generation()), in.now()),
            fetched,
            lastFetchTime,
            lastWebhookTime,
            lastApplied,
            lastAppliedTime,
            lastDriftCheck,
            facts == null ? prev.inventory() : facts.inventory(),
            facts == null ? prev.appliedCount() : Integer.valueOf(facts.applied()),
            facts == null ? prev.prunedCount() : Integer.valueOf(facts.pruned()),
            facts == null ? prev.driftCorrections() : Long.valueOf(drift + facts.corrected()),
            facts == null ? prev.heldDeletions() : Integer.valueOf(facts.heldDeletions()),
            facts == null
                ? prev.skippedPrunes()
                : facts.skippedPrunes().isEmpty()
                    ? null
                    : facts.skippedPrunes().stream().limit(MAX_SKIPPED).toList(),
            verdict.errors());
    return new ReconcileResult(status, verdict.requeue(), verdict.events());
  }

  /**
   * The conditions' reason and message, {@code status.errors}, requeue and Events of an outcome.
   */
  private record Verdict(
      boolean ready,
      boolean stalled,
      String reason,
      String message,
      List<String> errors,
      Duration requeue,
      List<ReconcileResult.SourceEvent> events) {

    List<Map<String, Object>> conditions(long generation) {
      return List.of(
          Conditions.condition("Ready", ready, reason, message, generation),
          Conditions.condition("Reconciling", false, reason, message, generation),
          Conditions.condition("Stalled", stalled, reason, message, generation));
    }
  }

  private static Verdict verdict(Input in) {
    SyncFacts facts = in.facts();
    List<ReconcileResult.SourceEvent> events = new ArrayList<>();
    if (facts != null && facts.held()) {
      events.add(warning("DeletionHeld", facts.guardMessage()));
    }
    StepOutcome outcome = in.outcome();
    if (outcome instanceof StepOutcome.Stalled s) {
      return new Verdict(
          false,
          true,
          s.reason(),
          s.message(),
          List.of(s.message()),
          s.retryAtInterval() ? in.interval() : null,
          List.of(warning(s.reason(), s.message())));
    }
    if (outcome instanceof StepOutcome.Suspended) {
      return new Verdict(
          "True".equals(in.previous().condition("Ready").get("status")),
          false,
          "Suspended",
          "reconciliation is suspended (spec.suspend)",
          null,
          null,
          List.of());
    }
    if (outcome instanceof StepOutcome.Held h) {
      return new Verdict(
          false,
          false,
          "DeletionHeld",
          h.message(),
          List.of(),
          in.interval(),
          List.of(warning("DeletionHeld", h.message())));
    }
    if (outcome instanceof StepOutcome.Stop s) {
      events.add(warning(s.reason(), s.message()));
      Duration retry =
          GitSourceReconciler.FETCH_FAILED.equals(s.reason())
              ? fetchBackoff(in)
              : retry(in.interval());
      return new Verdict(
          false,
          false,
          s.reason(),
          s.message(),
          s.errors().stream().limit(MAX_ERRORS).toList(),
          retry,
          events);
    }
    String note = facts.guardNote().isEmpty() ? "" : "; " + facts.guardNote();
    if (facts.held()) {
      return new Verdict(
          false,
          false,
          "DeletionHeld",
          facts.guardMessage() + note,
          List.of(),
          in.interval(),
          events);
    }
    String message = appliedMessage(in.fetchedRevision(), facts) + note;
    if (facts.applied() > 0 || facts.pruned() > 0) {
      events.add(new ReconcileResult.SourceEvent(false, "Applied", message));
    }
    return new Verdict(true, false, "Applied", message, List.of(), in.interval(), events);
  }

  static String appliedMessage(String revision, SyncFacts facts) {
    return "applied revision "
        + Revisions.shortForm(revision)
        + ": "
        + facts.applied()
        + " changed, "
        + facts.unchanged()
        + " unchanged, "
        + facts.pruned()
        + " pruned"
        + (facts.corrected() > 0 ? ", " + facts.corrected() + " drift correction(s)" : "")
        + (facts.skippedPrunes().isEmpty()
            ? ""
            : ", " + facts.skippedPrunes().size() + " not pruned (see status.skippedPrunes)");
  }

  /**
   * When to fetch again after a fetch that failed in a retryable way (the Git server unreachable,
   * refusing connections, answering errors): as long as the source has not been Ready, so the
   * retries back off exponentially from {@value #FIRST_FETCH_RETRY_SECONDS} s to {@link
   * #MAX_FETCH_BACKOFF} without any state but the Ready condition's last transition.
   */
  static Duration fetchBackoff(Input in) {
    Map<String, Object> ready = in.previous().condition("Ready");
    Duration failingFor = Duration.ZERO;
    if (GitSourceReconciler.FETCH_FAILED.equals(ready.get("reason"))
        && ready.get("lastTransitionTime") instanceof String since) {
      try {
        failingFor = Duration.between(Instant.parse(since), in.now());
      } catch (java.time.format.DateTimeParseException unreadable) {
        failingFor = Duration.ZERO;
      }
    }
    Duration first = Duration.ofSeconds(FIRST_FETCH_RETRY_SECONDS);
    Duration backoff = failingFor.compareTo(first) < 0 ? first : failingFor;
    return backoff.compareTo(MAX_FETCH_BACKOFF) > 0 ? MAX_FETCH_BACKOFF : backoff;
  }

  /**
   * The later of a recorded time (RFC 3339, may be null or unreadable) and {@code at} (may be
   * null), to the second.
   */
  static String later(String recorded, Instant at) {
    if (at == null) {
      return recorded;
    }
    Instant candidate = at.truncatedTo(ChronoUnit.SECONDS);
    if (recorded != null) {
      try {
        if (!Instant.parse(recorded).isBefore(candidate)) {
          return recorded;
        }
      } catch (java.time.format.DateTimeParseException unreadable) {
        return candidate.toString();
      }
    }
    return candidate.toString();
  }

  private static Duration retry(Duration interval) {
    return interval == null || interval.compareTo(RETRY_AFTER_FAILURE) >= 0
        ? RETRY_AFTER_FAILURE
        : interval;
  }

  private static ReconcileResult.SourceEvent warning(String reason, String message) {
    return new ReconcileResult.SourceEvent(true, reason, message);
  }
}
