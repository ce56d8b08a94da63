package dev.orrery.app.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** One space's readiness as a word or a reason: what {@code /readyz} answered, or why not. */
final class SpaceReadiness {
  static final String READY = "ready";

  private SpaceReadiness() {}

  /**
   * {@link #READY} when {@code readyz} returns {@code ok}; otherwise {@code "not ready: "} and what
   * it returned, or {@code "unreachable: "} and the failure's innermost message.
   */
  static String of(Supplier<String> readyz) {
    try {
      String answer = readyz.get();
      return answer != null && answer.strip().equals("ok")
          ? READY
          : "not ready: " + (answer == null ? "no answer" : answer.strip());
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      String message =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      return "unreachable: " + message;
    }
  }

  /** What {@code probe} found, or "unreachable: no answer within …" when it takes longer. */
  static String within(CompletableFuture<String> probe, Duration timeout) {
    try {
      return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      probe.cancel(true);
      return "unreachable: no answer within " + timeout.toSeconds() + " s";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unreachable: interrupted";
    } catch (ExecutionException e) {
      return "unreachable: " + e.getCause();
    }
  }
}
