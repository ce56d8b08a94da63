package dev.orrery.app.gitsource;

import java.util.List;

/**
 * How one step of a GitSource reconcile ended: go on to the next step, stop with a reason (the last
 * good revision stays applied; retried soon), held by the deletion guard until confirmed, stalled
 * (retried only when the spec changes), or suspended.
 */
public sealed interface StepOutcome {
  StepOutcome CONTINUE = new Continue();

  /** The next step runs. */
  record Continue() implements StepOutcome {}

  /** The reconcile ends here with a Warning; {@code errors} go to {@code status.errors}. */
  record Stop(String reason, String message, List<String> errors) implements StepOutcome {
    public Stop {
      errors = List.copyOf(errors);
    }
  }

  /**
   * The deletion guard holds the whole revision: nothing of it is applied or pruned until
   * confirmed.
   */
  record Held(String message) implements StepOutcome {}

  /**
   * Retrying soon cannot help (an invalid spec, credentials the Git server refuses, a ref it does
   * not have, a host key that does not match): nothing happens until the GitSource changes, or,
   * with {@code retryAtInterval}, until its next interval (a Secret or the repository may have been
   * fixed meanwhile).
   */
  record Stalled(String reason, String message, boolean retryAtInterval) implements StepOutcome {
    /** Stalled until the GitSource changes. */
    public Stalled(String reason, String message) {
      this(reason, message, false);
    }
  }

  /** {@code spec.suspend}: nothing is fetched or applied. */
  record Suspended() implements StepOutcome {}
}
