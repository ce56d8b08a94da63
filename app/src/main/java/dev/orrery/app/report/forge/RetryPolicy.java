package dev.orrery.app.report.forge;

import java.time.Duration;
import java.util.Objects;

/**
 * How forge calls are retried: at most {@code maxAttempts} attempts within {@code maxTotal},
 * waiting an exponentially growing, jittered backoff (from {@code initialBackoff} up to {@code
 * maxBackoff}) unless the forge said how long to wait. {@code requestTimeout} bounds one attempt;
 * {@code secondaryRateLimitWait} is the wait GitHub asks for after a secondary rate limit that came
 * without a {@code Retry-After}.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxTotal,
    Duration requestTimeout,
    Duration secondaryRateLimitWait) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    positive(initialBackoff, "initialBackoff");
    positive(maxBackoff, "maxBackoff");
    positive(maxTotal, "maxTotal");
    positive(requestTimeout, "requestTimeout");
    positive(secondaryRateLimitWait, "secondaryRateLimitWait");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
    }
  }

  /** Five attempts within two minutes, backing off from one second up to thirty. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60));
  }

  /**
   * The wait after the given number of failed attempts: half the exponential step plus {@code
   * jitter} (in [0, 1)) times the other half.
   */
  public Duration backoff(int failedAttempts, double jitter) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be at least 1");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1)");
    }
    long cap = maxBackoff.toMillis();
    long step = initialBackoff.toMillis();
    for (int i = 1; i < failedAttempts && step < cap; i++) {
      step = Math.min(cap, step * 2);
    }
    step = Math.min(cap, step);
    long half = step / 2;
    return Duration.ofMillis(half + Math.round((step - half) * jitter));
  }

  private static void positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
