package dev.orrery.placement.rollout;

import dev.orrery.controller.GoDurations;
import dev.orrery.placement.rollout.RolloutState.ClusterFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rollout of one Binding revision as a pure function: from the waves, what each cluster runs
 * and how healthy it is, the stored state, people's requests and the time, it decides which
 * revision every cluster gets, the new state, and when to look again.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>Clusters of admitted waves (the current one and those before) get the target revision. A
 *       cluster not admitted keeps the revision it runs; one that runs nothing known gets the last
 *       succeeded revision (the stable one), or nothing when there is none yet.
 *   <li>A wave passes when each of its clusters is healthy at the target (tolerated failures aside)
 *       and has stayed so for the soak: {@code max(minSuccessTime, minimumSoak)}. A cluster not
 *       healthy during the soak restarts it. Passing the last wave makes the rollout {@code
 *       Succeeded}; otherwise the next wave is admitted at once.
 *   <li>It fails when more clusters have failed than {@code maxFailures} allows (of all
 *       destinations, rounded down): a cluster fails when its health says so (e.g. {@code
 *       ProgressDeadlineExceeded}, a failed Job), or when the current wave's {@code
 *       progressDeadline} passes while it is not healthy (an unavailable cluster is never healthy,
 *       so it is not waited on forever). With {@code onFailure: Rollback} and a stable revision the
 *       rollout becomes {@code RolledBack}: the clusters running the target get the stable revision
 *       back. Otherwise it is {@code Halted}.
 *   <li>Pause keeps the admitted waves and starts no new one; resume restarts the current wave's
 *       clock. Promote passes the current wave now (also from {@code Halted}); a promotion asked
 *       while paused waits for the resume. Requests are acted on once per distinct value; the
 *       values present when a rollout starts count as handled (they were for an earlier one). Abort
 *       rolls back (halts when there is nothing to go back to).
 * </ul>
 */
public final class RolloutDecider {
  private RolloutDecider() {}

  /**
   * Everything the decision reads.
   *
   * @param target the revision being rolled out
   * @param stable the last revision that succeeded, if any
   * @param waves the destination clusters in waves
   * @param running the revision each cluster runs ({@link #UNKNOWN} when it runs something of this
   *     Binding that carries no revision); clusters running nothing of it are absent
   * @param available revisions whose content can be delivered again
   * @param health each cluster's health at the target (only clusters running it)
   * @param state the stored state, empty for a new rollout
   * @param control people's requests
   * @param strategy the strategy
   * @param minimumSoak the least soak, whatever {@code minSuccessTime} says (so that a status
   *     reading from before the update cannot pass a wave)
   * @param now the time
   * @param unavailable the clusters OCM reports unavailable, with why: never healthy, whatever
   *     their last status reading says, so they hold their wave and fail it once its {@code
   *     progressDeadline} passes
   */
  public record Input(
      String target,
      Optional<String> stable,
      List<Wave> waves,
      Map<String, String> running,
      Set<String> available,
      Map<String, Health> health,
      Optional<RolloutState> state,
      RolloutControl control,
      RolloutStrategy strategy,
      Duration minimumSoak,
      Instant now,
      Map<String, String> unavailable) {

    public Input {
      unavailable = Map.copyOf(unavailable);
    }
  }

  /**
   * What to do.
   *
   * @param deliver the revision each cluster gets; a cluster not in it is left as it is
   * @param state the new state
   * @param recheckAfter when to decide again if nothing happens before
   * @param transitions what changed, for Events and metrics (reason, message)
   */
  public record Decision(
      Map<String, String> deliver,
      RolloutState state,
      Optional<Duration> recheckAfter,
      List<Transition> transitions) {}

  /**
   * A step of the rollout worth an Event; {@code due} is when its cause arose (a soak ending, a
   * deadline passing), which may be before the decision that acts on it.
   */
  public record Transition(String reason, String message, Instant due) {}

  /** What a cluster runs when its ManifestWorks carry no (or no single) revision. */
  public static final String UNKNOWN = "unknown";

  public static Decision decide(Input in) {
    List<Transition> transitions = new ArrayList<>();
    RolloutState state =
        in.state()
            .orElseGet(
                () -> {
                  transitions.add(
                      new Transition(
                          "RolloutStarted",
                          "rolling out revision "
                              + in.target()
                              + " in "
                              + in.waves().size()
                              + " wave(s)"
                              + waveStartedText(in.waves(), 0),
                          in.now()));
                  // Requests already there when a rollout starts were meant for an earlier one.
                  return RolloutState.starting(in.now())
                      .handled(in.control().promotion(), in.control().abort());
                });
    Optional<Instant> recheckAt = Optional.empty();
    if (!in.control().abort().isEmpty()
        && !in.control().abort().equals(state.handledAbort())
        && !state.phase().settled()) {
      state = state.handled(state.handledPromotion(), in.control().abort());
      state =
          fail(
              in,
              state,
              List.of(),
              "aborted (annotation " + RolloutControl.ABORT_ANNOTATION + ")",
              true,
              transitions);
    }
    if (state.phase() == RolloutPhase.PROGRESSING && in.control().paused()) {
      state = state.with(RolloutPhase.PAUSED, "paused at wave " + (state.wave() + 1));
      transitions.add(new Transition("Paused", state.message(), in.now()));
    } else if (state.phase() == RolloutPhase.PAUSED && !in.control().paused()) {
      state = state.atWave(state.wave(), in.now()).with(RolloutPhase.PROGRESSING, "resumed");
      transitions.add(new Transition("Resumed", "resumed at wave " + (state.wave() + 1), in.now()));
    }
    if (!in.control().promotion().isEmpty()
        && !in.control().promotion().equals(state.handledPromotion())
        && (state.phase() == RolloutPhase.PROGRESSING || state.phase() == RolloutPhase.HALTED)) {
      state = state.handled(in.control().promotion(), state.handledAbort());
      if (state.phase() == RolloutPhase.HALTED) {
        state = state.with(RolloutPhase.PROGRESSING, "promoted past a failure");
      }
      transitions.add(
          new Transition(
              "Promoted", "wave " + (state.wave() + 1) + " promoted by request", in.now()));
      state = passWave(in, state, in.now(), transitions);
    }
    while (state.phase() == RolloutPhase.PROGRESSING && !in.waves().isEmpty()) {
      if (state.wave() >= in.waves().size()) {
        state = succeed(in, state, transitions);
        break;
      }
      Gate gate = gate(in, state);
      if (gate.failures().size() > in.strategy().maxFailures().of(destinations(in), false)) {
        state =
            fail(
                in,
                state,
                gate.failures(),
                "wave " + (state.wave() + 1) + " failed",
                false,
                transitions);
        break;
      }
      if (!gate.pending().isEmpty()) {
        state =
            state
                .healthySince(Optional.empty())
                .with(
                    RolloutPhase.PROGRESSING,
                    "wave "
                        + (state.wave() + 1)
                        + " of "
                        + in.waves().size()
                        + ": waiting for "
                        + gate.pending().size()
                        + " cluster(s)"
                        + firstReason(gate));
        Instant waveStarted = state.waveStartedAt();
        recheckAt = in.strategy().progressDeadline().map(waveStarted::plus);
        break;
      }
      Instant since = state.waveHealthySince().orElse(in.now());
      state = state.healthySince(Optional.of(since));
      Duration soak = max(in.strategy().minSuccessTime(), in.minimumSoak());
      Instant passesAt = since.plus(soak);
      if (in.now().isBefore(passesAt)) {
        state =
            state.with(
                RolloutPhase.PROGRESSING,
                "wave "
                    + (state.wave() + 1)
                    + " of "
                    + in.waves().size()
                    + " healthy, soaking until "
                    + passesAt);
        recheckAt = Optional.of(passesAt);
        break;
      }
      state = passWave(in, state, passesAt, transitions);
    }
    Map<String, String> deliver = deliveries(in, state);
    Optional<Duration> recheck =
        recheckAt
            .map(t -> Duration.between(in.now(), t))
            .map(d -> d.isNegative() ? Duration.ZERO : d);
    return new Decision(deliver, state, recheck, List.copyOf(transitions));
  }

  /** The clusters of the current wave that are not healthy yet, and the failed ones. */
  private record Gate(
      List<String> pending, List<ClusterFailure> failures, Map<String, Health> why) {}

  private static Gate gate(Input in, RolloutState state) {
    List<String> pending = new ArrayList<>();
    List<ClusterFailure> failures = new ArrayList<>();
    Map<String, Health> why = new LinkedHashMap<>();
    boolean pastDeadline =
        in.strategy()
            .progressDeadline()
            .map(d -> !in.now().isBefore(state.waveStartedAt().plus(d)))
            .orElse(false);
    for (int w = 0; w <= state.wave(); w++) {
      boolean current = w == state.wave();
      for (String cluster : in.waves().get(w).clusters()) {
        Health health = health(in, cluster);
        if (health.failed()) {
          failures.add(new ClusterFailure(cluster, health.reason()));
        } else if (current && !health.healthy()) {
          if (pastDeadline) {
            failures.add(
                new ClusterFailure(
                    cluster,
                    "not healthy within progressDeadline "
                        + GoDurations.format(in.strategy().progressDeadline().orElseThrow())
                        + ": "
                        + health.reason()));
          } else {
            pending.add(cluster);
            why.put(cluster, health);
          }
        }
      }
    }
    return new Gate(pending, failures, why);
  }

  private static Health health(Input in, String cluster) {
    String down = in.unavailable().get(cluster);
    if (down != null) {
      return Health.unavailable(down);
    }
    if (!in.target().equals(in.running().get(cluster))) {
      return Health.progressing("revision " + in.target() + " not delivered yet");
    }
    return in.health().getOrDefault(cluster, Health.progressing("no health reading yet"));
  }

  private static String firstReason(Gate gate) {
    return gate.why().entrySet().stream()
        .findFirst()
        .map(e -> " (" + e.getKey() + ": " + e.getValue().reason() + ")")
        .orElse("");
  }

  private static RolloutState passWave(
      Input in, RolloutState state, Instant due, List<Transition> out) {
    out.add(
        new Transition(
            "WavePassed",
            "wave "
                + (state.wave() + 1)
                + " of "
                + in.waves().size()
                + " ("
                + waveName(in, state.wave())
                + ") passed",
            due));
    int next = state.wave() + 1;
    if (next >= in.waves().size()) {
      return succeed(in, state, out);
    }
    out.add(
        new Transition(
            "WaveStarted",
            "revision " + in.target() + waveStartedText(in.waves(), next),
            in.now()));
    return state.atWave(next, in.now());
  }

  private static RolloutState succeed(Input in, RolloutState state, List<Transition> out) {
    String message = "revision " + in.target() + " is on all " + destinations(in) + " cluster(s)";
    out.add(new Transition("RolloutSucceeded", message, in.now()));
    return state.completed(RolloutPhase.SUCCEEDED, in.now(), List.of(), message);
  }

  private static RolloutState fail(
      Input in,
      RolloutState state,
      List<ClusterFailure> failures,
      String what,
      boolean abort,
      List<Transition> out) {
    boolean rollback =
        (abort || in.strategy().onFailure() == RolloutStrategy.OnFailure.ROLLBACK)
            && in.stable().isPresent();
    String detail =
        failures.isEmpty()
            ? ""
            : ": "
                + String.join(
                    "; ", failures.stream().map(f -> f.cluster() + ": " + f.reason()).toList());
    if (rollback) {
      String message =
          what + "; rolled back to revision " + in.stable().get() + " from " + in.target() + detail;
      out.add(new Transition("RolledBack", message, failedAt(in, state)));
      return state.completed(RolloutPhase.ROLLED_BACK, in.now(), failures, message);
    }
    String message =
        what
            + "; halted at wave "
            + (state.wave() + 1)
            + (in.stable().isEmpty()
                    && (abort || in.strategy().onFailure() == RolloutStrategy.OnFailure.ROLLBACK)
                ? " (no earlier succeeded revision to roll back to)"
                : "")
            + detail;
    out.add(new Transition("Halted", message, failedAt(in, state)));
    return state.completed(RolloutPhase.HALTED, in.now(), failures, message);
  }

  /** When a failure arose: the progress deadline if it has passed, else now. */
  private static Instant failedAt(Input in, RolloutState state) {
    return in.strategy()
        .progressDeadline()
        .map(d -> state.waveStartedAt().plus(d))
        .filter(t -> !t.isAfter(in.now()))
        .orElse(in.now());
  }

  private static Map<String, String> deliveries(Input in, RolloutState state) {
    Map<String, String> deliver = new LinkedHashMap<>();
    for (int w = 0; w < in.waves().size(); w++) {
      boolean admitted = state.phase() == RolloutPhase.SUCCEEDED || w <= state.wave();
      for (String cluster : in.waves().get(w).clusters()) {
        String running = in.running().get(cluster);
        if (state.phase() == RolloutPhase.ROLLED_BACK) {
          if (in.target().equals(running)) {
            in.stable().ifPresent(s -> deliver.put(cluster, s));
          } else {
            keep(in, cluster, running, deliver);
          }
        } else if (admitted) {
          deliver.put(cluster, in.target());
        } else {
          keep(in, cluster, running, deliver);
        }
      }
    }
    return deliver;
  }

  /**
   * A cluster not admitted: what it runs if that can be delivered again; nothing changes when it
   * runs something else (unknown, or a revision no longer kept); the stable revision, if any, when
   * it runs nothing of this Binding yet.
   */
  private static void keep(Input in, String cluster, String running, Map<String, String> out) {
    if (running == null) {
      in.stable().ifPresent(s -> out.put(cluster, s));
    } else if (in.available().contains(running)) {
      out.put(cluster, running);
    }
  }

  private static int destinations(Input in) {
    return in.waves().stream().mapToInt(w -> w.clusters().size()).sum();
  }

  private static String waveName(Input in, int wave) {
    return in.waves().get(wave).name();
  }

  private static String waveStartedText(List<Wave> waves, int wave) {
    if (waves.isEmpty()) {
      return "";
    }
    Wave w = waves.get(wave);
    return "; wave "
        + (wave + 1)
        + " of "
        + waves.size()
        + " ("
        + w.name()
        + "): "
        + String.join(", ", w.clusters());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
