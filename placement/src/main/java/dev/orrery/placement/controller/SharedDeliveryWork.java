package dev.orrery.placement.controller;

import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.rollout.ContentHash;
import dev.orrery.placement.transport.CleanedObject;
import dev.orrery.placement.transport.ClusterProperties;
import dev.orrery.placement.transport.DeliveryPreparer;
import dev.orrery.placement.transport.ManifestWorkBuilder;
import dev.orrery.placement.transport.ManifestWorkPlan;
import dev.orrery.placement.transport.ManifestWorkSharder;
import dev.orrery.placement.transport.PreparedDelivery;
import dev.orrery.placement.transport.Shard;
import dev.orrery.placement.transport.ShardLayout;
import dev.orrery.placement.transport.ShardingResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What one reconcile of a Binding computes once for all its destinations rather than once per
 * cluster. Clusters that get the same objects (the same list, as a rollout wave or the whole
 * Binding hands them out) none of which expands templates get the same prepared delivery; with the
 * same shard layout, the same shards, the same ManifestWork specs and so the same content hashes;
 * and a stored spec, which the ITS cache keeps once for all clusters ({@link SharedSpecStore}), is
 * compared with a desired one once. A fan-out or a one-object change to a hundred clusters then
 * shards, hashes and compares once, not a hundred times.
 *
 * <p>Lives for one pass (its keys are object identities, valid while the pass holds the objects);
 * safe for the parallel mailbox writers, which wait for one another's result rather than compute it
 * twice.
 */
final class SharedDeliveryWork {
  private final ManifestWorkSharder sharder;
  private final ManifestWorkBuilder builder;
  private final Map<Identity, Boolean> templated = new ConcurrentHashMap<>();
  private final Map<Identity, PreparedDelivery> prepared = new ConcurrentHashMap<>();
  private final Map<Sharding, ShardingResult> sharded = new ConcurrentHashMap<>();
  private final Map<Identity, Map<String, Object>> specs = new ConcurrentHashMap<>();
  private final Map<Identity, String> hashes = new ConcurrentHashMap<>();
  private final Map<Comparison, Boolean> differs = new ConcurrentHashMap<>();

  SharedDeliveryWork(ManifestWorkSharder sharder, ManifestWorkBuilder builder) {
    this.sharder = sharder;
    this.builder = builder;
  }

  /**
   * The objects prepared for {@code properties}' cluster: computed once for every cluster when none
   * of {@code cleaned} expands templates (the result cannot depend on the cluster then), per
   * cluster otherwise.
   */
  PreparedDelivery prepare(
      List<CleanedObject> cleaned,
      ClusterProperties properties,
      Supplier<Map<ObjectKey, Map<String, Object>>> delivered) {
    Identity objects = new Identity(cleaned);
    if (templated.computeIfAbsent(
        objects, k -> cleaned.stream().anyMatch(CleanedObject::expandsTemplates))) {
      return DeliveryPreparer.forCluster(cleaned, properties, delivered.get());
    }
    return prepared.computeIfAbsent(
        objects, k -> DeliveryPreparer.forCluster(cleaned, properties, Map.of()));
  }

  /** The shards of {@code delivery} for {@code cluster} under {@code layout}. */
  ShardingResult shard(
      String incarnation, String cluster, PreparedDelivery delivery, ShardLayout layout) {
    ShardingResult shared =
        sharded.computeIfAbsent(
            new Sharding(new Identity(delivery.items()), layout),
            k -> sharder.shard(incarnation, cluster, delivery.items(), layout));
    return shared.forCluster(cluster);
  }

  /** The ManifestWork spec of {@code shard}, one instance for every cluster that gets it. */
  Map<String, Object> spec(Shard shard) {
    return specs.computeIfAbsent(new Identity(shard), k -> builder.spec(shard));
  }

  /** The content hash of a spec from {@link #spec}. */
  String hash(Map<String, Object> spec) {
    return hashes.computeIfAbsent(
        new Identity(spec), k -> ContentHash.of(List.of(Map.entry("spec", spec))));
  }

  /** {@link ManifestWorkPlan#specDiffers}, once per pair of spec instances. */
  boolean specDiffers(Object stored, Object desired) {
    return differs.computeIfAbsent(
        new Comparison(new Identity(stored), new Identity(desired)),
        k -> ManifestWorkPlan.specDiffers(stored, desired));
  }

  /** An object compared by identity (equal content in two instances is two keys). */
  private record Identity(Object value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && other.value == value;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }
  }

  private record Sharding(Identity items, ShardLayout layout) {}

  private record Comparison(Identity stored, Identity desired) {}
}
