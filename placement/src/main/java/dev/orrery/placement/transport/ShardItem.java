package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;
import java.util.Map;
import java.util.Objects;

/**
 * One cleaned object ready to be wrapped into a ManifestWork for one cluster.
 *
 * @param key the object's stable identity (drives shard assignment)
 * @param manifest the cleaned, transformed and expanded object
 * @param createOnly whether the WEC copy is created but never updated
 */
public record ShardItem(ObjectKey key, Map<String, Object> manifest, boolean createOnly) {

  /** Rejects nulls. */
  public ShardItem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(manifest, "manifest");
  }
}
