package dev.orrery.app.webhook;

import dev.orrery.gitsource.webhook.Forge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts webhook deliveries by forge and result: {@code
 * orrery_webhook_deliveries_total{forge,result}}.
 */
public final class WebhookMetrics {
  static final String DELIVERIES = "orrery_webhook_deliveries";

  private final MeterRegistry registry;

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void delivered(Forge forge, WebhookResult result) {
    Counter.builder(DELIVERIES)
        .description("Webhook deliveries received, by forge and result")
        .tag("forge", forge.tag())
        .tag("result", result.tag())
        .register(registry)
        .increment();
  }
}
