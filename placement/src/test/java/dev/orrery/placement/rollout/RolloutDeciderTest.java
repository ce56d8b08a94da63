package dev.orrery.placement.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orrery.placement.rollout.RolloutDecider.Decision;
import dev.orrery.placement.rollout.RolloutDecider.Input;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutDeciderTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private static final List<Wave> WAVES =
      List.of(
          new Wave("canary", List.of("c1")),
          new Wave("edge", List.of("e1", "e2")),
          new Wave("core", List.of("k1")));
  private static final List<String> ALL = List.of("c1", "e1", "e2", "k1");

  private static RolloutStrategy strategy(RolloutStrategy.OnFailure onFailure, int maxFailures) {
    return new RolloutStrategy(
        RolloutStrategy.Type.PROGRESSIVE_PER_GROUP,
        List.of(),
        List.of(),
        Optional.empty(),
        Duration.ofSeconds(10),
        Optional.of(Duration.ofSeconds(60)),
        new ClusterCount(maxFailures, false),
        onFailure);
  }

  /** A world: what every cluster runs and how healthy it is at the target. */
  private final Map<String, String> running = new HashMap<>();

  private final Map<String, Health> health = new HashMap<>();
  private final Map<String, String> unavailable = new HashMap<>();
  private RolloutStrategy strategy = strategy(RolloutStrategy.OnFailure.ROLLBACK, 0);
  private RolloutControl control = RolloutControl.NONE;
  private Optional<RolloutState> state = Optional.empty();

  RolloutDeciderTest() {
    ALL.forEach(c -> running.put(c, "old"));
  }

  private Decision at(Instant now) {
    Decision d =
        RolloutDecider.decide(
            new Input(
                "new",
                Optional.of("old"),
                WAVES,
                Map.copyOf(running),
                Set.of("old", "new"),
                Map.copyOf(health),
                state,
                control,
                strategy,
                Duration.ofSeconds(2),
                now,
                unavailable));
    state = Optional.of(d.state());
    // The transport delivers what was decided.
    running.putAll(d.deliver());
    return d;
  }

  private void healthy(String... clusters) {
    for (String c : clusters) {
      health.put(c, Health.HEALTHY);
    }
  }

  @Test
  void aHealthyChangeWalksWaveByWaveObservingTheSoak() {
    Decision d = at(T0);
    assertEquals(Map.of("c1", "new", "e1", "old", "e2", "old", "k1", "old"), d.deliver());
    assertEquals(RolloutPhase.PROGRESSING, d.state().phase());
    assertEquals("RolloutStarted", d.transitions().get(0).reason());

    healthy("c1");
    d = at(T0.plusSeconds(1));
    assertEquals(Optional.of(T0.plusSeconds(1)), d.state().waveHealthySince());
    assertEquals(Optional.of(Duration.ofSeconds(10)), d.recheckAfter(), "recheck when soaked");
    assertEquals("old", d.deliver().get("e1"), "edge waits for the soak");

    d = at(T0.plusSeconds(11));
    assertEquals(1, d.state().wave());
    assertEquals(List.of("WavePassed", "WaveStarted"), reasons(d));
    assertEquals("new", d.deliver().get("e1"));
    assertEquals("new", d.deliver().get("e2"));
    assertEquals("old", d.deliver().get("k1"));

    healthy("e1");
    d = at(T0.plusSeconds(12));
    assertTrue(d.state().message().contains("waiting for 1 cluster(s)"), d.state().message());
    healthy("e2");
    at(T0.plusSeconds(13));
    d = at(T0.plusSeconds(23));
    assertEquals(2, d.state().wave());
    healthy("k1");
    at(T0.plusSeconds(24));
    d = at(T0.plusSeconds(34));
    assertEquals(RolloutPhase.SUCCEEDED, d.state().phase());
    assertEquals(Map.of("c1", "new", "e1", "new", "e2", "new", "k1", "new"), d.deliver());
    assertEquals(List.of("WavePassed", "RolloutSucceeded"), reasons(d));
  }

  @Test
  void anUnavailableClusterIsNeverHealthyAndFailsItsWaveAtTheProgressDeadline() {
    at(T0);
    healthy("c1"); // its last reading, from before it went away
    unavailable.put("c1", "ManagedClusterConditionAvailable=Unknown (lease not renewed)");
    Decision d = at(T0.plusSeconds(30));
    assertEquals(RolloutPhase.PROGRESSING, d.state().phase());
    assertEquals(0, d.state().wave());
    assertEquals(Optional.empty(), d.state().waveHealthySince(), "no soak while unavailable");
    assertTrue(d.state().message().contains("cluster unavailable"), d.state().message());
    assertEquals(Optional.of(Duration.ofSeconds(30)), d.recheckAfter(), "recheck at the deadline");
    d = at(T0.plusSeconds(60));
    assertEquals(RolloutPhase.ROLLED_BACK, d.state().phase());
    assertEquals("c1", d.state().failures().get(0).cluster());
    assertTrue(
        d.state().failures().get(0).reason().contains("progressDeadline")
            && d.state().failures().get(0).reason().contains("lease not renewed"),
        d.state().failures().get(0).reason());
  }

  @Test
  void anUnavailableClusterNotYetDeliveredToIsReportedAsUnavailable() {
    unavailable.put("c1", "ManagedClusterConditionAvailable=Unknown");
    Decision d = at(T0);
    assertEquals("new", d.deliver().get("c1"), "its ManifestWorks wait in its mailbox");
    running.put("c1", "old"); // its agent is gone: nothing picks them up
    d = at(T0.plusSeconds(1));
    assertTrue(d.state().message().contains("c1: cluster unavailable"), d.state().message());
  }

  @Test
  void aClusterBackBeforeTheDeadlinePassesItsWave() {
    at(T0);
    healthy("c1");
    unavailable.put("c1", "ManagedClusterConditionAvailable=Unknown");
    at(T0.plusSeconds(5));
    unavailable.clear();
    Decision d = at(T0.plusSeconds(20));
    assertEquals(Optional.of(T0.plusSeconds(20)), d.state().waveHealthySince());
    d = at(T0.plusSeconds(30));
    assertEquals(1, d.state().wave(), "the canary wave passed once soaked");
  }

  @Test
  void healthLostDuringTheSoakRestartsIt() {
    at(T0);
    healthy("c1");
    at(T0.plusSeconds(1));
    health.put("c1", Health.progressing("1/2 available"));
    Decision d = at(T0.plusSeconds(5));
    assertEquals(Optional.empty(), d.state().waveHealthySince());
    healthy("c1");
    d = at(T0.plusSeconds(6));
    assertEquals(Optional.of(T0.plusSeconds(6)), d.state().waveHealthySince());
    d = at(T0.plusSeconds(12));
    assertEquals(0, d.state().wave(), "10 s of soak not over since the restart at 6 s");
  }

  @Test
  void theMinimumSoakAppliesEvenWithoutMinSuccessTime() {
    strategy =
        new RolloutStrategy(
            RolloutStrategy.Type.ALL,
            List.of(),
            List.of(),
            Optional.empty(),
            Duration.ZERO,
            Optional.empty(),
            ClusterCount.ZERO,
            RolloutStrategy.OnFailure.HALT);
    at(T0);
    healthy("c1");
    Decision d = at(T0.plusSeconds(1));
    assertEquals(RolloutPhase.PROGRESSING, d.state().phase());
    assertEquals(Optional.of(Duration.ofSeconds(2)), d.recheckAfter());
  }

  @Test
  void aCanaryThatNeverBecomesHealthyRollsBackAndLaterWavesNeverSeeIt() {
    at(T0);
    health.put("c1", Health.progressing("0/1 available"));
    Decision d = at(T0.plusSeconds(30));
    assertEquals(Optional.of(Duration.ofSeconds(30)), d.recheckAfter(), "recheck at the deadline");
    d = at(T0.plusSeconds(60));
    assertEquals(RolloutPhase.ROLLED_BACK, d.state().phase());
    assertEquals(Map.of("c1", "old", "e1", "old", "e2", "old", "k1", "old"), d.deliver());
    assertEquals("c1", d.state().failures().get(0).cluster());
    assertTrue(d.state().failures().get(0).reason().contains("progressDeadline"));
    assertTrue(d.state().message().contains("rolled back to revision old"), d.state().message());
    assertEquals(List.of("RolledBack"), reasons(d));
    // Settled: nothing moves any more.
    d = at(T0.plusSeconds(600));
    assertEquals(RolloutPhase.ROLLED_BACK, d.state().phase());
    assertEquals(List.of(), reasons(d));
  }

  @Test
  void anExplicitFailureHaltsAtOnceWithHaltAndToleratesUpToMaxFailures() {
    strategy = strategy(RolloutStrategy.OnFailure.HALT, 1);
    at(T0);
    healthy("c1");
    at(T0.plusSeconds(1));
    at(T0.plusSeconds(11));
    health.put("e1", Health.failed("Deployment exceeded its progress deadline"));
    healthy("e2");
    Decision d = at(T0.plusSeconds(12));
    assertEquals(RolloutPhase.PROGRESSING, d.state().phase(), "1 failure of 4 is tolerated");
    health.put("c1", Health.failed("crashing"));
    d = at(T0.plusSeconds(13));
    assertEquals(RolloutPhase.HALTED, d.state().phase());
    assertEquals(Map.of("c1", "new", "e1", "new", "e2", "new", "k1", "old"), d.deliver());
  }

  @Test
  void withoutAStableRevisionRollbackHalts() {
    Decision d =
        RolloutDecider.decide(
            new Input(
                "new",
                Optional.empty(),
                WAVES,
                Map.of(),
                Set.of("new"),
                Map.of(),
                Optional.of(RolloutState.starting(T0)),
                RolloutControl.NONE,
                strategy,
                Duration.ofSeconds(2),
                T0.plusSeconds(61),
                Map.of()));
    assertEquals(RolloutPhase.HALTED, d.state().phase());
    assertTrue(d.state().message().contains("no earlier succeeded revision"));
    assertEquals(Map.of("c1", "new"), d.deliver(), "later waves get nothing");
  }

  @Test
  void pauseHoldsResumeRestartsTheWaveClockPromotePassesAndAbortRollsBack() {
    at(T0);
    control = new RolloutControl(true, "", "");
    healthy("c1");
    Decision d = at(T0.plusSeconds(1));
    assertEquals(RolloutPhase.PAUSED, d.state().phase());
    d = at(T0.plusSeconds(100));
    assertEquals(RolloutPhase.PAUSED, d.state().phase(), "no deadline while paused");
    assertEquals("old", d.deliver().get("e1"));

    control = RolloutControl.NONE;
    d = at(T0.plusSeconds(200));
    assertEquals(RolloutPhase.PROGRESSING, d.state().phase());
    assertEquals(T0.plusSeconds(200), d.state().waveStartedAt());

    control = new RolloutControl(false, "p1", "");
    d = at(T0.plusSeconds(201));
    assertEquals(1, d.state().wave());
    assertEquals("new", d.deliver().get("e1"));
    d = at(T0.plusSeconds(202));
    assertEquals(1, d.state().wave(), "the same promotion is acted on once");

    control = new RolloutControl(false, "p1", "a1");
    d = at(T0.plusSeconds(203));
    assertEquals(RolloutPhase.ROLLED_BACK, d.state().phase());
    assertEquals(Map.of("c1", "old", "e1", "old", "e2", "old", "k1", "old"), d.deliver());
  }

  @Test
  void aClusterNotAdmittedKeepsWhatItRunsAndANewOneGetsTheStable() {
    running.put("e1", RolloutDecider.UNKNOWN);
    running.put("e2", "older");
    running.remove("k1");
    Decision d =
        RolloutDecider.decide(
            new Input(
                "new",
                Optional.of("old"),
                WAVES,
                Map.copyOf(running),
                Set.of("old", "new", "older"),
                Map.of(),
                Optional.empty(),
                RolloutControl.NONE,
                strategy,
                Duration.ofSeconds(2),
                T0,
                Map.of()));
    assertEquals(
        Map.of("c1", "new", "e2", "older", "k1", "old"),
        d.deliver(),
        "e1 runs something unknown: left as it is");
  }

  @Test
  void aSucceededRevisionGoesEverywhereIncludingClustersThatJoinLater() {
    state = Optional.of(RolloutState.adopted(T0));
    running.remove("k1");
    Decision d = at(T0.plusSeconds(1));
    assertEquals(Map.of("c1", "new", "e1", "new", "e2", "new", "k1", "new"), d.deliver());
  }

  @Test
  void requestsPresentWhenARolloutStartsAreNotActedOn() {
    control = new RolloutControl(false, "old-promotion", "old-abort");
    Decision d = at(T0);
    assertEquals(RolloutPhase.PROGRESSING, d.state().phase());
    assertEquals(0, d.state().wave());
    control = new RolloutControl(false, "new-promotion", "old-abort");
    d = at(T0.plusSeconds(1));
    assertEquals(1, d.state().wave(), "a new value is acted on");
  }

  @Test
  void theStateSurvivesARoundTripThroughStatus() {
    at(T0);
    healthy("c1");
    RolloutState s = at(T0.plusSeconds(1)).state();
    assertEquals(Optional.of(s), RolloutState.parse(s.toMap()));
  }

  private static List<String> reasons(Decision d) {
    return d.transitions().stream().map(RolloutDecider.Transition::reason).toList();
  }
}
