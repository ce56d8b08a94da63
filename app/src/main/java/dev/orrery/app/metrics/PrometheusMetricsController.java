package dev.orrery.app.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /metrics}: every metric in the Prometheus text exposition format, where Prometheus
 * looks by default. Micronaut's own JSON {@code metrics} endpoint is disabled in application.yml so
 * it does not take this path; its {@code /prometheus} endpoint serves the same text.
 */
@Controller
@Requires(beans = PrometheusMeterRegistry.class)
public class PrometheusMetricsController {
  /** The Prometheus text format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public PrometheusMetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Get(uri = "/metrics", produces = CONTENT_TYPE)
  public String scrape() {
    return registry.scrape();
  }
}
