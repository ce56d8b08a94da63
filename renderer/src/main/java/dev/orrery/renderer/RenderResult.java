package dev.orrery.renderer;

import java.util.List;

/**
 * The outcome of one render: the desired objects in a stable order (by source path, then document
 * order) and the Helm releases of the charts among them ({@link ChartRelease}, in the same order)
 * when {@link #ok()}, or every error found and no objects at all when not; plus {@link RenderStats}
 * counters.
 */
public record RenderResult(
    List<DesiredObject> objects,
    List<RenderError> errors,
    RenderStats stats,
    List<ChartRelease> releases) {

  /** Copies the lists; a result with errors must carry no objects. */
  public RenderResult {
    objects = List.copyOf(objects);
    errors = List.copyOf(errors);
    stats = stats == null ? RenderStats.NONE : stats;
    releases = releases == null ? List.of() : List.copyOf(releases);
    if (!errors.isEmpty() && (!objects.isEmpty() || !releases.isEmpty())) {
      throw new IllegalArgumentException("a rejected revision carries no objects");
    }
  }

  /** A result without Helm releases. */
  public RenderResult(List<DesiredObject> objects, List<RenderError> errors, RenderStats stats) {
    this(objects, errors, stats, List.of());
  }

  /** A result without counters. */
  public RenderResult(List<DesiredObject> objects, List<RenderError> errors) {
    this(objects, errors, RenderStats.NONE);
  }

  /** True when the revision rendered without any error. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
