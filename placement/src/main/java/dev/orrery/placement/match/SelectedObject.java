package dev.orrery.placement.match;

import java.util.Objects;

/**
 * An object a policy selects, with the merged modulation of every clause that matched it.
 *
 * @param object the selected object
 * @param modulation the merged modulation
 */
public record SelectedObject(WorkloadObject object, Modulation modulation) {

  /** Rejects nulls. */
  public SelectedObject {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(modulation, "modulation");
  }
}
