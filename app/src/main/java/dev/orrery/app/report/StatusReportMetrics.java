package dev.orrery.app.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Times reports back to Git, {@code orrery_status_report_duration{mode}}: writing the status branch
 * for mode {@code commit}; a commit status from queueing to the forge accepting it for mode {@code
 * forge}.
 */
public final class StatusReportMetrics {
  static final String DURATION = "orrery_status_report_duration";

  private final MeterRegistry registry;

  public StatusReportMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Starts timing one report. */
  Timer.Sample start() {
    return Timer.start(registry);
  }

  /** One report in {@code mode} ({@code commit} or {@code forge}) is done. */
  void reported(Timer.Sample sample, String mode) {
    sample.stop(
        Timer.builder(DURATION)
            .description("Time to report a GitSource's status back to Git, by report mode")
            .tag("mode", mode)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(registry));
  }
}
