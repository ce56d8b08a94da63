package dev.orrery.app.gitsource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Prometheus metrics of the GitSource loop (through Micrometer). */
public final class SyncMetrics {
  private final MeterRegistry registry;

  public SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void fetched(String source, long nanos, boolean ok) {
    Timer.builder("orrery_git_fetch_duration")
        .description("Time to fetch a GitSource's revision")
        .tag("source", source)
        .tag("result", ok ? "success" : "failure")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void rendered(String source, long nanos, boolean ok) {
    Timer.builder("orrery_render_duration")
        .description("Time to render a GitSource's revision")
        .tag("source", source)
        .tag("result", ok ? "success" : "failure")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void applied(String source, int count) {
    counter("orrery_applies", "Objects applied to the WDS", source).increment(count);
  }

  void pruned(String source, int count) {
    counter("orrery_prunes", "Objects pruned from the WDS", source).increment(count);
  }

  void driftCorrected(String source, int count) {
    counter("orrery_drift_corrections", "Objects whose drift from Git was corrected", source)
        .increment(count);
  }

  private Counter counter(String name, String description, String source) {
    return Counter.builder(name).description(description).tag("source", source).register(registry);
  }
}
