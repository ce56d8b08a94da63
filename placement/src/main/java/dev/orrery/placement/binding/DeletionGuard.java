package dev.orrery.placement.binding;

import java.util.Locale;

/**
 * Orrery's one deletion-guard rule: a change that would remove more than one of what was there
 * before, and more than a configured share of it, is held until a user confirms it. GitSources
 * apply it to the objects and placements a revision would remove; BindingPolicies that opt in apply
 * it to the placements a policy change would remove.
 *
 * @param maxRemovedShare the largest share (0..1) of what was there a change may remove
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

  /**
   * Whether removing {@code removed} of {@code before} things must wait for a confirmation: more
   * than one, and more than the share.
   */
  public boolean holds(int removed, int before) {
    return removed > 1 && removed > maxRemovedShare * before;
  }

  /**
   * How a held removal reads: {@code "would remove 3 of 4 placements (75%, limit 50%)"}.
   *
   * @param what the plural noun counted, e.g. {@code "placements"}
   */
  public String describe(int removed, int before, String what) {
    return String.format(
        Locale.ROOT,
        "would remove %d of %d %s (%.0f%%, limit %.0f%%)",
        removed,
        before,
        what,
        before == 0 ? 100.0 : 100.0 * removed / before,
        100 * maxRemovedShare);
  }

  /**
   * The verdict on a diff of placements; {@code confirmed} when the user confirmed this removal.
   */
  public Verdict evaluate(PlacementDiff diff, boolean confirmed) {
    int removed = diff.removed().size();
    int before = diff.beforeCount();
    if (confirmed || !holds(removed, before)) {
      return new Verdict(true, "");
    }
    return new Verdict(
        false, "held: " + describe(removed, before, "placements") + "; confirm to proceed");
  }

  /**
   * The guard's verdict.
   *
   * @param proceed whether the change may execute the removals
   * @param message why it is held ({@code ""} when it may proceed)
   */
  public record Verdict(boolean proceed, String message) {}
}
