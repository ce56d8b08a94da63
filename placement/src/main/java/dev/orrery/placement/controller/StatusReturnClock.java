package dev.orrery.placement.controller;

import dev.orrery.placement.match.ObjectKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Times status return: from the first WEC feedback change of an object that is not yet reflected in
 * the WDS to the status write that reflects it. A reconcile that writes nothing settles the object
 * without a measurement; one that fails keeps the clock running through its retries.
 */
final class StatusReturnClock {
  private final PlacementMetrics metrics;
  private final LongSupplier nanoTime;
  private final Map<ObjectKey, Long> pendingSince = new ConcurrentHashMap<>();

  StatusReturnClock(PlacementMetrics metrics) {
    this(metrics, System::nanoTime);
  }

  StatusReturnClock(PlacementMetrics metrics, LongSupplier nanoTime) {
    this.metrics = metrics;
    this.nanoTime = nanoTime;
  }

  /** A WEC reported a changed status of {@code key}. */
  void feedbackChanged(ObjectKey key) {
    pendingSince.putIfAbsent(key, nanoTime.getAsLong());
  }

  /** A status-return reconcile of {@code key} finished, having written the WDS object or not. */
  void reconciled(ObjectKey key, boolean wroteStatus) {
    Long since = pendingSince.remove(key);
    if (since != null && wroteStatus) {
      metrics.statusReturned(Duration.ofNanos(nanoTime.getAsLong() - since));
    }
  }
}
