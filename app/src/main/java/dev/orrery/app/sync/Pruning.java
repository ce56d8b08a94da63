package dev.orrery.app.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Prunes a plan's objects one by one and tallies what happened, purely around a {@link Deleter}:
 * which objects left the inventory, how many were deleted, and which could not be pruned.
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
   * @param pruned how many objects were deleted from the WDS
   * @param errors prunes that failed (their objects stay in the inventory)
   */
  public record Result(List<InventoryEntry> removed, int pruned, List<String> errors) {
    public static final Result NONE = new Result(List.of(), 0, List.of());

    public Result {
      removed = List.copyOf(removed);
      errors = List.copyOf(errors);
    }
  }

  public static Result run(List<InventoryEntry> entries, Deleter deleter) {
    List<InventoryEntry> removed = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (InventoryEntry entry : entries) {
      try {
        deleter.delete(entry);
        removed.add(entry);
      } catch (RuntimeException e) {
        errors.add("prune " + entry.describe() + ": " + e.getMessage());
      }
    }
    return new Result(removed, removed.size(), errors);
  }
}
