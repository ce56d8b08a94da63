package dev.orrery.spaces;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Waits for a freshly started program to become usable, failing early when it dies. */
public final class StartupWait {
  private StartupWait() {}

  /**
   * Polls {@code condition} with a growing pause (50 ms up to 500 ms) until it holds; fails with a
   * process's log when one of {@code watched} exits, and when {@code timeout} passes.
   */
  public static void until(
      String what, List<ChildProcess> watched, Duration timeout, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    long pause = 50;
    while (!condition.getAsBoolean()) {
      new ArrayList<>(watched).forEach(ChildProcess::checkAlive);
      if (Instant.now().isAfter(deadline)) {
        throw new SpacesException(
            "timed out after " + timeout.toSeconds() + "s waiting for " + what);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SpacesException("interrupted while waiting for " + what, e);
      }
      pause = Math.min(pause * 2, 500);
    }
  }
}
