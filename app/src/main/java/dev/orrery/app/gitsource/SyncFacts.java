package dev.orrery.app.gitsource;

import dev.orrery.app.sync.Inventory;
import java.util.List;

/**
 * What the apply and prune steps of one reconcile did, for its status.
 *
 * @param inventory what the source holds in the WDS afterwards
 * @param applied objects applied
 * @param unchanged objects already applied with the same content
 * @param corrected unchanged objects whose drift was corrected
 * @param driftChecked whether drift was checked in this reconcile
 * @param pruned objects deleted from the WDS
 * @param skippedPrunes objects left out of the inventory without deleting them, each with why
 * @param heldDeletions objects whose deletion the deletion guard holds
 * @param guardMessage the deletion guard's message when it holds, else {@code ""}
 * @param guardNote what the deletion guard could not check, else {@code ""}
 */
public record SyncFacts(
    Inventory inventory,
    int applied,
    int unchanged,
    int corrected,
    boolean driftChecked,
    int pruned,
    List<String> skippedPrunes,
    int heldDeletions,
    String guardMessage,
    String guardNote) {

  public SyncFacts {
    skippedPrunes = List.copyOf(skippedPrunes);
  }

  /** Whether the deletion guard holds part of the revision. */
  public boolean held() {
    return !guardMessage.isEmpty();
  }
}
