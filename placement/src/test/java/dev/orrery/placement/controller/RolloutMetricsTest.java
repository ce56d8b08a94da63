package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.rollout.RolloutDecider;
import dev.orrery.placement.rollout.RolloutState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RolloutMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RolloutMetrics metrics = new RolloutMetrics(registry);
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private static RolloutDecider.Decision decision(RolloutDecider.Transition... transitions) {
    return new RolloutDecider.Decision(
        Map.of(), RolloutState.starting(T0), Optional.empty(), List.of(transitions));
  }

  @Test
  void timesAWaveAdvanceAndARollbackFromWhenTheyWereDueToTheWrites() {
    metrics.timeTransitions(
        decision(
            new RolloutDecider.Transition("WavePassed", "wave 1 passed", T0),
            new RolloutDecider.Transition("WaveStarted", "wave 2", T0.plusMillis(300))),
        T0.plusMillis(450));
    metrics.timeTransitions(
        decision(new RolloutDecider.Transition("RolledBack", "rolled back", T0)),
        T0.plusMillis(700));

    assertThat(metrics.lastWaveAdvance()).isEqualTo(Duration.ofMillis(450));
    assertThat(metrics.lastRollback()).isEqualTo(Duration.ofMillis(700));
    assertThat(registry.find("orrery.rollout.wave.advance").timer().count()).isEqualTo(1);
    assertThat(registry.find("orrery.rollout.rollback").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(700.0);
  }

  @Test
  void countsTransitionsByReason() {
    metrics.transition("WavePassed");
    metrics.transition("WavePassed");
    metrics.transition("Halted");
    assertThat(
            registry
                .find("orrery.rollout.transitions")
                .tag("reason", "WavePassed")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry.find("orrery.rollout.transitions").tag("reason", "Halted").counter().count())
        .isEqualTo(1.0);
  }
}
