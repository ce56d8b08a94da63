package dev.orrery.placement.rollout;

import dev.orrery.placement.match.Unstructured;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The progress of one revision's rollout, kept in its BindingRevision's status so a restarted
 * Orrery resumes where it was.
 *
 * @param phase where it stands
 * @param wave index of the newest admitted wave (0 = the first)
 * @param startedAt when the rollout began
 * @param waveStartedAt when the current wave was admitted (or resumed)
 * @param waveHealthySince since when every cluster of the current wave is healthy (the soak)
 * @param completedAt when it succeeded, halted or rolled back
 * @param failures failed clusters and why
 * @param message one line for people
 * @param handledPromotion the last promote request acted on
 * @param handledAbort the last abort request acted on
 */
public record RolloutState(
    RolloutPhase phase,
    int wave,
    Instant startedAt,
    Instant waveStartedAt,
    Optional<Instant> waveHealthySince,
    Optional<Instant> completedAt,
    List<ClusterFailure> failures,
    String message,
    String handledPromotion,
    String handledAbort) {

  /** Copies the list. */
  public RolloutState {
    failures = List.copyOf(failures);
  }

  /** A cluster that failed its health gate. */
  public record ClusterFailure(String cluster, String reason) {}

  /** A rollout that starts now at the first wave. */
  public static RolloutState starting(Instant now) {
    return new RolloutState(
        RolloutPhase.PROGRESSING,
        0,
        now,
        now,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        "rolling out",
        "",
        "");
  }

  /** A revision taken as it is: nothing to roll out (adoption of already delivered content). */
  public static RolloutState adopted(Instant now) {
    return new RolloutState(
        RolloutPhase.SUCCEEDED,
        0,
        now,
        now,
        Optional.empty(),
        Optional.of(now),
        List.of(),
        "adopted: the clusters already ran this content",
        "",
        "");
  }

  RolloutState with(RolloutPhase newPhase, String newMessage) {
    return new RolloutState(
        newPhase,
        wave,
        startedAt,
        waveStartedAt,
        waveHealthySince,
        completedAt,
        failures,
        newMessage,
        handledPromotion,
        handledAbort);
  }

  RolloutState atWave(int newWave, Instant now) {
    return new RolloutState(
        phase,
        newWave,
        startedAt,
        now,
        Optional.empty(),
        completedAt,
        failures,
        message,
        handledPromotion,
        handledAbort);
  }

  RolloutState healthySince(Optional<Instant> since) {
    return new RolloutState(
        phase,
        wave,
        startedAt,
        waveStartedAt,
        since,
        completedAt,
        failures,
        message,
        handledPromotion,
        handledAbort);
  }

  RolloutState completed(
      RolloutPhase newPhase, Instant now, List<ClusterFailure> why, String newMessage) {
    return new RolloutState(
        newPhase,
        wave,
        startedAt,
        waveStartedAt,
        Optional.empty(),
        Optional.of(now),
        why,
        newMessage,
        handledPromotion,
        handledAbort);
  }

  RolloutState handled(String promotion, String abort) {
    return new RolloutState(
        phase,
        wave,
        startedAt,
        waveStartedAt,
        waveHealthySince,
        completedAt,
        failures,
        message,
        promotion,
        abort);
  }

  /** The status fields this state is kept in. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", phase.apiName());
    m.put("currentWave", wave + 1);
    m.put("startedAt", startedAt.toString());
    m.put("waveStartedAt", waveStartedAt.toString());
    waveHealthySince.ifPresent(t -> m.put("waveHealthySince", t.toString()));
    completedAt.ifPresent(t -> m.put("completedAt", t.toString()));
    List<Map<String, Object>> f = new ArrayList<>();
    failures.forEach(x -> f.add(Map.of("cluster", x.cluster(), "reason", x.reason())));
    m.put("failures", f);
    m.put("message", message);
    if (!handledPromotion.isEmpty()) {
      m.put("handledPromotion", handledPromotion);
    }
    if (!handledAbort.isEmpty()) {
      m.put("handledAbort", handledAbort);
    }
    return m;
  }

  /** Reads the state back from a BindingRevision's status; empty when it holds none. */
  public static Optional<RolloutState> parse(Map<String, Object> status) {
    Optional<RolloutPhase> phase = Unstructured.string(status, "phase").flatMap(RolloutPhase::of);
    Optional<Instant> started = instant(status.get("startedAt"));
    if (phase.isEmpty() || started.isEmpty()) {
      return Optional.empty();
    }
    int wave = status.get("currentWave") instanceof Number n ? Math.max(0, n.intValue() - 1) : 0;
    List<ClusterFailure> failures = new ArrayList<>();
    if (status.get("failures") instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> f = Unstructured.asMap(o);
        failures.add(
            new ClusterFailure(
                String.valueOf(f.getOrDefault("cluster", "")),
                String.valueOf(f.getOrDefault("reason", ""))));
      }
    }
    return Optional.of(
        new RolloutState(
            phase.get(),
            wave,
            started.get(),
            instant(status.get("waveStartedAt")).orElse(started.get()),
            instant(status.get("waveHealthySince")),
            instant(status.get("completedAt")),
            failures,
            Unstructured.string(status, "message").orElse(""),
            Unstructured.string(status, "handledPromotion").orElse(""),
            Unstructured.string(status, "handledAbort").orElse("")));
  }

  private static Optional<Instant> instant(Object raw) {
    if (!(raw instanceof String s)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
