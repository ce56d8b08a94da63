package dev.orrery.placement.rollout;

import java.util.Optional;

/** Where the rollout of one revision of a Binding stands. */
public enum RolloutPhase {
  /** Waves are being admitted. */
  PROGRESSING("Progressing"),
  /** Paused by annotation or the RolloutPolicy: no further wave starts. */
  PAUSED("Paused"),
  /** Every wave passed: this is now the revision to go back to. */
  SUCCEEDED("Succeeded"),
  /** A failure stopped it; updated clusters keep the new content. */
  HALTED("Halted"),
  /** A failure (or an abort) gave the updated clusters the last succeeded revision back. */
  ROLLED_BACK("RolledBack"),
  /** A newer revision replaced it before it finished. */
  SUPERSEDED("Superseded");

  private final String apiName;

  RolloutPhase(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  /** Whether nothing more happens to this revision without a new request (promote, abort). */
  public boolean settled() {
    return this == SUCCEEDED || this == ROLLED_BACK || this == SUPERSEDED;
  }

  public static Optional<RolloutPhase> of(String apiName) {
    for (RolloutPhase p : values()) {
      if (p.apiName.equals(apiName)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
