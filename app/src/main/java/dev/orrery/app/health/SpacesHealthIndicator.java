package dev.orrery.app.health;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the WDS and the ITS answer, in {@code /health} and {@code /health/readiness}: each
 * space's {@code /readyz}, and when it does not answer, why (the error, secrets scrubbed by the
 * client's message). Orrery keeps running while a space is down; it is not ready, and says which.
 */
@Singleton
@Readiness
@Requires(property = "orrery.controllers.enabled", notEquals = "false")
public class SpacesHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final KubernetesClient wds;
  private final KubernetesClient its;

  public SpacesHealthIndicator(
      @Named("wds") KubernetesClient wds, @Named("its") KubernetesClient its) {
    this.wds = wds;
    this.its = its;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    String wdsState = SpaceReadiness.of(() -> wds.raw("/readyz"));
    String itsState = SpaceReadiness.of(() -> its.raw("/readyz"));
    details.put("wds", wdsState);
    details.put("its", itsState);
    healthStatus =
        SpaceReadiness.READY.equals(wdsState) && SpaceReadiness.READY.equals(itsState)
            ? HealthStatus.UP
            : HealthStatus.DOWN;
    return details;
  }

  @Override
  protected String getName() {
    return "spaces";
  }
}
