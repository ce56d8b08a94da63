package dev.orrery.placement.binding;

import java.util.Locale;

/**
 * Holds a reconcile that would remove more than a configured share of a policy's placements at
 * once, until a user confirms it.
 *
 * @param maxRemovedShare the largest share (0..1) of previous placements a reconcile may remove
 *     unconfirmed; the default is 0.5
 */
public record DeletionGuard(double maxRemovedShare) {

  /** The default share, 50%. */
  public static final double DEFAULT_MAX_REMOVED_SHARE = 0.5;

  /** Validates the share. */
  public DeletionGuard {
    if (!(maxRemovedShare >= 0.0 && maxRemovedShare <= 1.0)) {
      throw new IllegalArgumentException(
          "maxRemovedShare must be within 0..1, got " + maxRemovedShare);
    }
  }

  /** The guard with the default share. */
  public static DeletionGuard withDefaults() {
    return new DeletionGuard(DEFAULT_MAX_REMOVED_SHARE);
  }

  /** The verdict on a diff; {@code confirmed} is true when the user confirmed this removal. */
  public Verdict evaluate(PlacementDiff diff, boolean confirmed) {
    double share = diff.removedShare();
    if (share <= maxRemovedShare || confirmed) {
      return new Verdict(true, "");
    }
    return new Verdict(
        false,
        String.format(
            Locale.ROOT,
            "held: would remove %d of %d placements (%.0f%%, limit %.0f%%); confirm to proceed",
            diff.removed().size(),
            diff.beforeCount(),
            share * 100,
            maxRemovedShare * 100));
  }

  /**
   * The guard's verdict.
   *
   * @param proceed whether the reconcile may execute the removals
   * @param message why it is held ({@code ""} when it may proceed)
   */
  public record Verdict(boolean proceed, String message) {}
}
