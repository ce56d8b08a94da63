package dev.orrery.gitsource.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the most recent webhook delivery ids so a redelivered or duplicated webhook is
 * processed once. Bounded: the least recently seen ids are forgotten first. Thread-safe.
 */
public final class DeliveryDeduplicator {

  private final Map<String, Boolean> seen;

  /** Remembers up to {@code capacity} ids. */
  public DeliveryDeduplicator(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Whether {@code deliveryId} was seen before; records it either way. */
  public synchronized boolean seen(String deliveryId) {
    return seen.put(deliveryId, Boolean.TRUE) != null;
  }

  /** Forgets an id, so a delivery whose processing failed is processed when it is redelivered. */
  public synchronized void forget(String deliveryId) {
    seen.remove(deliveryId);
  }

  /** How many ids are remembered. */
  public synchronized int size() {
    return seen.size();
  }
}
