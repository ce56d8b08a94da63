package dev.orrery.app.preview;

import dev.orrery.app.sync.Inventory;
import dev.orrery.app.sync.InventoryEntry;
import dev.orrery.app.sync.SyncPlan;
import java.util.List;
import java.util.Locale;

/**
 * What merging a pull request would delete from the WDS, and whether the deletion guard would hold
 * it: the objects of the GitSource's current inventory that the head no longer renders.
 *
 * @param deleted the objects that would go ({@code Kind namespace/name}), in delete order
 * @param inventorySize how many objects the GitSource holds today
 * @param pruneEnabled {@code spec.prune}; when off, the objects above stay in the WDS
 * @param held the deletion guard would hold the revision until confirmed
 * @param maxDeleteRatio the guard's limit ({@code spec.deletionGuard.maxDeleteRatio})
 */
public record DeletionVerdict(
    List<String> deleted,
    int inventorySize,
    boolean pruneEnabled,
    boolean held,
    double maxDeleteRatio) {

  public DeletionVerdict {
    deleted = List.copyOf(deleted);
  }

  /**
   * The verdict of {@code plan}, the head planned against the inventory applied today with pruning
   * on (so that it lists what the head drops even when the GitSource does not prune).
   */
  public static DeletionVerdict of(
      SyncPlan plan, Inventory applied, boolean pruneEnabled, double maxDeleteRatio) {
    List<String> deleted = plan.prune().stream().map(InventoryEntry::describe).toList();
    return new DeletionVerdict(
        deleted,
        applied.size(),
        pruneEnabled,
        pruneEnabled && plan.deletionsHeld(),
        maxDeleteRatio);
  }

  /** One sentence for a pull-request comment. */
  public String sentence() {
    if (deleted.isEmpty()) {
      return "nothing would be deleted from the WDS.";
    }
    if (!pruneEnabled) {
      return String.format(
          Locale.ROOT,
          "%d object(s) would no longer come from Git; prune is off, so they stay in the WDS.",
          deleted.size());
    }
    if (held) {
      return String.format(
          Locale.ROOT,
          "**would hold** this revision: it deletes %d of %d object(s) (%.0f%%, limit %.0f%%)."
              + " After merging, confirm with the annotation `gitops.orrery.dev/confirm-deletions=<merged revision>` on the GitSource.",
          deleted.size(),
          inventorySize,
          100.0 * deleted.size() / Math.max(1, inventorySize),
          100 * maxDeleteRatio);
    }
    return String.format(
        Locale.ROOT, "passes; %d of %d object(s) would be pruned.", deleted.size(), inventorySize);
  }
}
