package dev.orrery.app.report.forge;

import dev.orrery.gitsource.webhook.Forge;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a forge operation again after transient failures, as the {@link RetryPolicy} allows: it
 * waits what the forge asked for ({@code Retry-After}, rate-limit reset) or a jittered exponential
 * backoff, and gives up once attempts run out or the next wait would overrun the time budget.
 */
final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** One attempt at an operation; it may make several requests. */
  @FunctionalInterface
  interface Attempt<T> {
    T run();
  }

  private final ForgeConnection connection;

  Retrier(ForgeConnection connection) {
    this.connection = connection;
  }

  <T> T run(Forge forge, String operation, Attempt<T> attempt) {
    RetryPolicy policy = connection.retry();
    Instant start = connection.clock().instant();
    for (int attempts = 1; ; attempts++) {
      try {
        return attempt.run();
      } catch (ForgeException e) {
        if (!e.retryable()) {
          throw e;
        }
        if (attempts >= policy.maxAttempts()) {
          throw e.givingUp(attempts, "no attempts left");
        }
        int failed = attempts;
        Duration wait = e.retryAfter().orElseGet(() -> policy.backoff(failed, jitter()));
        Duration elapsed = Duration.between(start, connection.clock().instant());
        if (elapsed.plus(wait).compareTo(policy.maxTotal()) > 0) {
          throw e.givingUp(
              attempts,
              "the next attempt in "
                  + wait.toMillis()
                  + " ms would overrun the "
                  + policy.maxTotal().toMillis()
                  + " ms budget");
        }
        LOG.debug(
            "{} {}: attempt {} failed ({}); next attempt in {} ms",
            forge.displayName(),
            operation,
            attempts,
            e.getMessage(),
            wait.toMillis());
        try {
          connection.sleeper().sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e.givingUp(attempts, "interrupted while waiting");
        }
      }
    }
  }

  private double jitter() {
    double value = connection.jitter().getAsDouble();
    return value < 0 || value >= 1 ? 0.5 : value;
  }
}
