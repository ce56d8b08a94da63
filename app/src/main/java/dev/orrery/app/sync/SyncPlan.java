package dev.orrery.app.sync;

import java.util.List;

/**
 * What one reconcile of a GitSource will do: objects to apply (in apply order), objects already
 * applied unchanged, objects to prune (in delete order), and why the revision is rejected or its
 * deletions held, if so.
 *
 * @param errors non-empty when the revision cannot be applied at all; then nothing is applied or
 *     pruned
 * @param deletionsHeld the deletion guard holds {@link #prune()}; they are not executed
 */
public record SyncPlan(
    List<PlannedObject> apply,
    List<PlannedObject> unchanged,
    List<InventoryEntry> prune,
    List<String> errors,
    boolean deletionsHeld,
    String guardMessage) {

  public SyncPlan {
    apply = List.copyOf(apply);
    unchanged = List.copyOf(unchanged);
    prune = List.copyOf(prune);
    errors = List.copyOf(errors);
  }

  public boolean rejected() {
    return !errors.isEmpty();
  }

  public static SyncPlan rejected(List<String> errors) {
    return new SyncPlan(List.of(), List.of(), List.of(), errors, false, "");
  }
}
