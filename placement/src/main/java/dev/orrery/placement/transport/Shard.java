package dev.orrery.placement.transport;

import java.util.List;

/**
 * The content of one ManifestWork: a bucket of objects whose hashes lie in one range.
 *
 * @param name the ManifestWork name
 * @param start where the bucket starts on the hash line, as a bit string ({@code ""} = zero; see
 *     {@link ShardLayout})
 * @param items the objects, sorted by key
 * @param byteSize the accumulated JSON size of the items (manifests plus their manifestConfigs)
 */
public record Shard(String name, String start, List<ShardItem> items, long byteSize) {

  /** Copies the items. */
  public Shard {
    items = List.copyOf(items);
  }
}
