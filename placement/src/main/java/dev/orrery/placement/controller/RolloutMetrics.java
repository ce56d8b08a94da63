package dev.orrery.placement.controller;

import dev.orrery.placement.rollout.RolloutDecider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * Rollout metrics: {@code orrery_rollout_transitions_total{reason}} (RolloutStarted, WavePassed,
 * WaveStarted, RolloutSucceeded, Halted, RolledBack, Paused, Resumed, Promoted), {@code
 * orrery_rollout_wave_advance_seconds} (from a wave's soak ending to the next wave's ManifestWorks
 * written) and {@code orrery_rollout_rollback_seconds} (from a failure arising, e.g. a progress
 * deadline passing, to the rollback written).
 */
final class RolloutMetrics {
  private final MeterRegistry registry;
  private final Timer waveAdvance;
  private final Timer rollback;
  private volatile Duration lastWaveAdvance = Duration.ZERO;
  private volatile Duration lastRollback = Duration.ZERO;

  RolloutMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.waveAdvance =
        Timer.builder("orrery.rollout.wave.advance")
            .description("From a wave's soak ending to the next wave's ManifestWorks written")
            .register(registry);
    this.rollback =
        Timer.builder("orrery.rollout.rollback")
            .description("From a progress deadline passing to the rollback written")
            .register(registry);
  }

  void transition(String reason) {
    Counter.builder("orrery.rollout.transitions")
        .description("Rollout steps by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * Times the wave advances and rollbacks of a decision whose writes were done at {@code now}: from
   * when each was due (a soak ending, a deadline passing) to then.
   */
  void timeTransitions(RolloutDecider.Decision decision, Instant now) {
    for (RolloutDecider.Transition t : decision.transitions()) {
      Duration d = Duration.between(t.due(), now);
      if (d.isNegative()) {
        d = Duration.ZERO;
      }
      if (t.reason().equals("WavePassed")) {
        waveAdvance.record(d);
        lastWaveAdvance = d;
      } else if (t.reason().equals("RolledBack")) {
        rollback.record(d);
        lastRollback = d;
      }
    }
  }

  /** The latest wave advance timed (for tests and benchmarks). */
  Duration lastWaveAdvance() {
    return lastWaveAdvance;
  }

  Duration lastRollback() {
    return lastRollback;
  }
}
