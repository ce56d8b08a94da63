package dev.orrery.placement.transport;

import java.util.List;
import java.util.TreeSet;

/**
 * The ManifestWork shards of one (Binding, cluster) and the objects too large to deliver.
 *
 * @param bindingName the Binding
 * @param cluster the cluster (the ManifestWorks' namespace)
 * @param shards the non-empty shards, sorted by start
 * @param oversized the objects that were not placed, sorted by key
 */
public record ShardingResult(
    String bindingName, String cluster, List<Shard> shards, List<OversizedObject> oversized) {

  /** Copies the lists. */
  public ShardingResult {
    shards = List.copyOf(shards);
    oversized = List.copyOf(oversized);
  }

  /**
   * The same shards for another cluster (shard names do not depend on the cluster), with the
   * oversized objects reported for that cluster.
   */
  public ShardingResult forCluster(String other) {
    if (other.equals(cluster)) {
      return this;
    }
    return new ShardingResult(
        bindingName,
        other,
        shards,
        oversized.stream()
            .map(o -> new OversizedObject(o.key(), other, o.size(), o.limit()))
            .toList());
  }

  /** The layout to pass to the next sharding of this (Binding, cluster). */
  public ShardLayout layout() {
    TreeSet<String> starts = new TreeSet<>();
    shards.forEach(s -> starts.add(s.start()));
    return new ShardLayout(starts);
  }
}
