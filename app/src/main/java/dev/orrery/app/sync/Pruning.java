package dev.orrery.app.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Prunes a plan's objects one by one and tallies what happened, purely around a {@link Deleter}:
 * which objects left the inventory, how many were really deleted (an object already gone or taken
 * over by another owner is not), and which could not be pruned.
 */
public final class Pruning {
  private Pruning() {}

  /** Deletes one object if it is still the source's; {@link Pruner} against a WDS. */
  @FunctionalInterface
  public interface Deleter {
    Pruner.Outcome delete(InventoryEntry entry);
  }

  /**
   * What pruning did.
   *
   * @param removed the objects that left the inventory, in delete order
   * @param pruned how many objects were deleted from the WDS (not those already gone or no longer
   *     ours)
   * @param skipped objects that left the inventory without being deleted, each with why
   * @param errors prunes that failed (their objects stay in the inventory)
   */
  public record Result(
      List<InventoryEntry> removed, int pruned, List<String> skipped, List<String> errors) {
    public static final Result NONE = new Result(List.of(), 0, List.of(), List.of());

    public Result {
      removed = List.copyOf(removed);
      skipped = List.copyOf(skipped);
      errors = List.copyOf(errors);
    }
  }

  public static Result run(List<InventoryEntry> entries, Deleter deleter) {
    List<InventoryEntry> removed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int pruned = 0;
    for (InventoryEntry entry : entries) {
      Pruner.Outcome outcome;
      try {
        outcome = deleter.delete(entry);
      } catch (RuntimeException e) {
        errors.add("prune " + entry.describe() + ": " + e.getMessage());
        continue;
      }
      removed.add(entry);
      switch (outcome) {
        case DELETED -> pruned++;
        case GONE -> skipped.add(entry.describe() + ": already gone");
        case NOT_OURS ->
            skipped.add(entry.describe() + ": not deleted, no longer labelled as this source's");
      }
    }
    return new Result(removed, pruned, skipped, errors);
  }
}
