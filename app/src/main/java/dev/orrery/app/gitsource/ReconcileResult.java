package dev.orrery.app.gitsource;

import java.time.Duration;
import java.util.List;

/**
 * What one reconcile of a GitSource decided: its new status, when to look again, and the events to
 * record. The controller writes the status (only when it changed) and the events.
 */
public record ReconcileResult(
    GitSourceStatus status, Duration requeueAfter, List<SourceEvent> events) {

  /** A Kubernetes Event to record on the GitSource. */
  public record SourceEvent(boolean warning, String reason, String message) {}
}
