package dev.orrery.app.ha;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether this replica may write what only the leader writes: it leads, and its last Lease renewal
 * started less than the renew deadline ago by its own monotonic clock. Other replicas wait a whole
 * lease duration (longer) after they last saw that renewal before they take over, so a replica that
 * was paused (SIGSTOP, a long GC, a frozen VM) refuses writes when it wakes, before it learns that
 * it lost the Lease.
 */
public final class WriteFence {
  private final long deadlineNanos;
  private final LongSupplier nanoTime;
  private volatile boolean leading;
  private volatile boolean lost;
  private volatile long renewedAt;

  /** A fence whose renewals count for {@code renewDeadline}, on {@link System#nanoTime()}. */
  public WriteFence(Duration renewDeadline) {
    this(renewDeadline, System::nanoTime);
  }

  WriteFence(Duration renewDeadline, LongSupplier nanoTime) {
    this.deadlineNanos = renewDeadline.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A fence that always lets writes through (a single replica, leader election off). */
  public static WriteFence alwaysOpen() {
    WriteFence fence = new WriteFence(Duration.ofNanos(Long.MAX_VALUE), () -> 0L);
    fence.startLeading();
    return fence;
  }

  /** The monotonic time now, to pass to {@link #renewed(long)} once a renewal sent now succeeds. */
  public long now() {
    return nanoTime.getAsLong();
  }

  /** A Lease write started at {@code startedAt} succeeded: the lease runs from then. */
  public void renewed(long startedAt) {
    renewedAt = startedAt;
  }

  /** This replica became the leader (after the renewal that made it so). */
  public void startLeading() {
    if (!lost) {
      leading = true;
    }
  }

  /** This replica is no longer the leader; the fence stays closed for good. */
  public void stopLeading() {
    lost = true;
    leading = false;
  }

  /** Whether this replica leads now. */
  public boolean leading() {
    return leading;
  }

  /** Whether a leader-only write may be sent now. */
  public boolean permitsWrites() {
    return leading && !lost && nanoTime.getAsLong() - renewedAt < deadlineNanos;
  }
}
