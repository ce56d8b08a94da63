package dev.orrery.placement.transport;

import java.util.List;

/**
 * The objects ready for sharding for one (Binding, cluster), plus template expansion errors.
 *
 * @param items the items to shard, sorted by key
 * @param errors expansion errors for {@code Binding.status.errors}, sorted by object
 */
public record PreparedDelivery(List<ShardItem> items, List<TemplateError> errors) {

  /** Copies the lists. */
  public PreparedDelivery {
    items = List.copyOf(items);
    errors = List.copyOf(errors);
  }
}
