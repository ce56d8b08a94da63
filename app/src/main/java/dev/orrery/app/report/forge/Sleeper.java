package dev.orrery.app.report.forge;

import java.time.Duration;

/** Waits between retries; tests substitute one that only records the waits. */
@FunctionalInterface
public interface Sleeper {

  /** Blocks the calling thread for the given time. */
  void sleep(Duration duration) throws InterruptedException;

  /** The sleeper backed by {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
