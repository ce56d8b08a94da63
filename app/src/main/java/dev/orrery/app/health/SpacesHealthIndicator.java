package dev.orrery.app.health;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Whether the WDS and the ITS answer, in {@code /health} and {@code /health/readiness}: each
 * space's {@code /readyz}, and when it does not answer, why (the error, secrets scrubbed by the
 * client's message; no answer within {@link #TIMEOUT} counts as unreachable). Orrery keeps running
 * while a space is down; it is not ready, and says which.
 */
@Singleton
@Readiness
@Requires(property = "orrery.controllers.enabled", notEquals = "false")
public class SpacesHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final KubernetesClient wds;
  private final KubernetesClient its;

  /** How long a space may take to answer; the client's own retries may take much longer. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final ExecutorService probes =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "orrery-readyz-probe");
            t.setDaemon(true);
            return t;
          });

  public SpacesHealthIndicator(
      @Named("wds") KubernetesClient wds, @Named("its") KubernetesClient its) {
    this.wds = wds;
    this.its = its;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    CompletableFuture<String> wdsState = probe(wds);
    CompletableFuture<String> itsState = probe(its);
    details.put("wds", SpaceReadiness.within(wdsState, TIMEOUT));
    details.put("its", SpaceReadiness.within(itsState, TIMEOUT));
    healthStatus =
        SpaceReadiness.READY.equals(details.get("wds"))
                && SpaceReadiness.READY.equals(details.get("its"))
            ? HealthStatus.UP
            : HealthStatus.DOWN;
    return details;
  }

  private CompletableFuture<String> probe(KubernetesClient client) {
    return CompletableFuture.supplyAsync(
        () -> SpaceReadiness.of(() -> client.raw("/readyz")), probes);
  }

  @PreDestroy
  void close() {
    probes.shutdownNow();
  }

  @Override
  protected String getName() {
    return "spaces";
  }
}
