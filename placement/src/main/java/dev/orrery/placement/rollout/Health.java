package dev.orrery.placement.rollout;

import java.time.Instant;

/**
 * How an object, or a cluster's share of a rollout, is doing.
 *
 * @param state healthy, still in progress, or failed
 * @param reason why, for status and Events (empty when healthy)
 */
public record Health(State state, String reason) {
  public static final Health HEALTHY = new Health(State.HEALTHY, "");

  /** The three outcomes a health check can have. */
  public enum State {
    HEALTHY,
    PROGRESSING,
    FAILED
  }

  public static Health progressing(String reason) {
    return new Health(State.PROGRESSING, reason);
  }

  /**
   * A cluster OCM reports unavailable: in progress (its agent may come back), never healthy, since
   * its last status reading may be stale.
   */
  public static Health unavailable(String why) {
    return progressing("cluster unavailable: " + why);
  }

  public static Health failed(String reason) {
    return new Health(State.FAILED, reason);
  }

  public boolean healthy() {
    return state == State.HEALTHY;
  }

  public boolean failed() {
    return state == State.FAILED;
  }

  /** The worse of two: failed over progressing over healthy (the first wins a tie). */
  public Health worse(Health other) {
    return other.state.ordinal() > state.ordinal() ? other : this;
  }

  /** A reading of a cluster's health at a time, as the decider receives it. */
  public record Reading(Health health, Instant at) {}
}
