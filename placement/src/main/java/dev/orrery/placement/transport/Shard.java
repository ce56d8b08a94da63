package dev.orrery.placement.transport;

import java.util.List;

/**
 * The content of one ManifestWork: a hash-prefix bucket of objects.
 *
 * @param name the ManifestWork name
 * @param prefix the bucket's hash prefix as a bit string ({@code ""} = the whole hash space)
 * @param items the objects, sorted by key
 * @param byteSize the accumulated JSON size of the items (manifests plus their manifestConfigs)
 */
public record Shard(String name, String prefix, List<ShardItem> items, long byteSize) {

  /** Copies the items. */
  public Shard {
    items = List.copyOf(items);
  }
}
