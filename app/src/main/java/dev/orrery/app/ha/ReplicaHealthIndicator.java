package dev.orrery.app.ha;

import dev.orrery.app.config.LeaderElectionConfig;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replica's role in {@code /health} and {@code /health/readiness}: {@code leader} or {@code
 * standby} (both ready: a standby serves webhooks, the API and its GitSources), this replica's
 * name, the leader's, and the live replicas.
 */
@Singleton
@Readiness
@Requires(property = "orrery.controllers.enabled", notEquals = "false")
public class ReplicaHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final PlacementLeadership leadership;
  private final ReplicaMembership membership;
  private final LeaderElectionConfig config;

  public ReplicaHealthIndicator(
      PlacementLeadership leadership, ReplicaMembership membership, LeaderElectionConfig config) {
    this.leadership = leadership;
    this.membership = membership;
    this.config = config;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus = HealthStatus.UP;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("role", leadership.leading() ? "leader" : "standby");
    details.put("identity", config.identity());
    details.put("leader", leadership.leader());
    details.put("leaderElection", config.enabled());
    if (config.enabled()) {
      details.put("replicas", membership.live());
    }
    return details;
  }

  @Override
  protected String getName() {
    return "replica";
  }
}
