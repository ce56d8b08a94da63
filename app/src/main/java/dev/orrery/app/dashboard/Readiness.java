package dev.orrery.app.dashboard;

import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.rollout.Health;
import dev.orrery.placement.rollout.ObjectHealth;
import java.util.Collection;
import java.util.List;

/**
 * Whether a placed object, or a cluster's share of a GitSource or BindingPolicy, is ready on its
 * WEC: the dashboard's four health states. The workload's own readiness is judged by the rollout
 * code's {@link ObjectHealth} (a Deployment's replicas updated, ready and available, a Job
 * complete, a {@code Ready} condition true, ...) from the status the WEC's work agent returned;
 * OCM's {@code Applied} and {@code Available} manifest conditions say whether it got there at all.
 *
 * @param state {@value #HEALTHY}, {@value #PROGRESSING}, {@value #DEGRADED} or {@value #UNKNOWN}
 * @param reason why it is not healthy ({@code ""} when it is)
 */
public record Readiness(String state, String reason) {
  public static final String HEALTHY = "Healthy";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String UNKNOWN = "Unknown";

  static final Readiness READY = new Readiness(HEALTHY, "");

  /**
   * One object on one cluster.
   *
   * <ul>
   *   <li>{@code Degraded}: the work agent could not apply it, reports it absent ({@code
   *       Available=False}), or its status says it failed (a Deployment past its progress deadline,
   *       a failed Job or Pod);
   *   <li>{@code Unknown}: the work agent has reported nothing about it yet;
   *   <li>{@code Progressing}: it is there but not ready by its status (replicas not all updated
   *       and available, a {@code Ready} condition not true), or a workload returned no status;
   *   <li>{@code Healthy}: ready by its status (kinds without readiness rules: once it exists).
   * </ul>
   */
  public static Readiness of(PlacedObject o) {
    if (Boolean.FALSE.equals(o.applied())) {
      return new Readiness(DEGRADED, "not applied on the WEC");
    }
    if (Boolean.FALSE.equals(o.available())) {
      return new Readiness(DEGRADED, "not on the WEC (Available=False)");
    }
    boolean reported = o.applied() != null || o.available() != null || o.feedback() != null;
    if (!reported || o.manifest() == null) {
      return new Readiness(UNKNOWN, "the work agent has not reported it yet");
    }
    Health health = ObjectHealth.of(o.manifest(), o.feedback(), List.of());
    return switch (health.state()) {
      case HEALTHY -> READY;
      case PROGRESSING -> new Readiness(PROGRESSING, health.reason());
      case FAILED -> new Readiness(DEGRADED, health.reason());
    };
  }

  /**
   * A cluster's share: {@code Degraded} when one object is, else {@code Progressing} when one is,
   * else {@code Unknown} when none has been reported on, else {@code Progressing} while some are
   * not reported on yet, else {@code Healthy}. The reason names the first object that decided it.
   */
  public static Readiness of(Collection<PlacedObject> placed) {
    Readiness degraded = null;
    Readiness progressing = null;
    Readiness unknown = null;
    int unknowns = 0;
    for (PlacedObject o : placed) {
      Readiness r = of(o);
      Readiness named = new Readiness(r.state(), o.ref().name() + ": " + r.reason());
      switch (r.state()) {
        case DEGRADED -> degraded = degraded == null ? named : degraded;
        case PROGRESSING -> progressing = progressing == null ? named : progressing;
        case UNKNOWN -> {
          unknowns++;
          unknown = unknown == null ? named : unknown;
        }
        default -> {}
      }
    }
    if (degraded != null) {
      return degraded;
    }
    if (progressing != null) {
      return progressing;
    }
    if (unknown != null) {
      return unknowns == placed.size()
          ? new Readiness(UNKNOWN, "the work agent has reported none of its objects yet")
          : new Readiness(PROGRESSING, unknown.reason());
    }
    return READY;
  }

  /** Whether the object is ready. */
  public boolean healthy() {
    return HEALTHY.equals(state);
  }
}
