package dev.orrery.app.dashboard;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When a webhook last triggered each GitSource ({@code namespace/name}), in this process. */
@Singleton
public class WebhookLog {
  private final Map<String, Instant> last = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  /** A webhook triggered {@code key} now. */
  public void triggered(String key) {
    last.put(key, clock.instant());
  }

  /** When a webhook last triggered {@code key}, or null. */
  public Instant last(String key) {
    return last.get(key);
  }
}
