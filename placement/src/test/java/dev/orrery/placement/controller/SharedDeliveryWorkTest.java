package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.transport.CleanedObject;
import dev.orrery.placement.transport.ClusterProperties;
import dev.orrery.placement.transport.ManifestWorkBuilder;
import dev.orrery.placement.transport.ManifestWorkSharder;
import dev.orrery.placement.transport.PreparedDelivery;
import dev.orrery.placement.transport.ShardLayout;
import dev.orrery.placement.transport.ShardingResult;
import dev.orrery.placement.transport.TemplateExpander;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedDeliveryWorkTest {
  private static final ManifestWorkBuilder BUILDER = new ManifestWorkBuilder("wds1");

  private static ClusterProperties properties(String cluster, String zone) {
    return new ClusterProperties(cluster, Map.of(), Map.of(), Map.of("zone", zone));
  }

  private static CleanedObject configMap(String name, String value, boolean template) {
    Map<String, Object> metadata =
        template
            ? Map.of(
                "name",
                name,
                "namespace",
                "ns",
                "annotations",
                Map.of(TemplateExpander.EXPAND_ANNOTATION, "true"))
            : Map.of("name", name, "namespace", "ns");
    return new CleanedObject(
        new ObjectKey("", "configmaps", "ns", name),
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "metadata",
            metadata,
            "data",
            Map.of("v", value)),
        false);
  }

  private static List<CleanedObject> objects(int n, boolean template) {
    List<CleanedObject> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(configMap("cm" + i, template && i == 0 ? "{{.zone}}" : "v" + i, template && i == 0));
    }
    return List.copyOf(out);
  }

  @Test
  void clustersGettingTheSameObjectsShareShardsSpecsAndHashes() {
    SharedDeliveryWork shared =
        new SharedDeliveryWork(new ManifestWorkSharder(512_000, 3), BUILDER);
    List<CleanedObject> cleaned = objects(7, false);

    PreparedDelivery a = shared.prepare(cleaned, properties("a", "eu"), Map::of);
    PreparedDelivery b = shared.prepare(cleaned, properties("b", "us"), Map::of);
    assertThat(b).isSameAs(a);

    ShardingResult inA = shared.shard("p-1234", "a", a, ShardLayout.EMPTY);
    ShardingResult inB = shared.shard("p-1234", "b", b, ShardLayout.EMPTY);
    assertThat(inA.cluster()).isEqualTo("a");
    assertThat(inB.cluster()).isEqualTo("b");
    assertThat(inB.shards()).isSameAs(inA.shards());
    assertThat(inA.shards()).hasSize(3);

    var specA = shared.spec(inA.shards().get(0));
    assertThat(shared.spec(inB.shards().get(0))).isSameAs(specA);
    assertThat(specA).isEqualTo(BUILDER.spec(inA.shards().get(0)));
    assertThat(shared.hash(specA)).isEqualTo(shared.hash(BUILDER.spec(inA.shards().get(0))));
    assertThat(shared.hash(specA)).isNotEqualTo(shared.hash(shared.spec(inA.shards().get(1))));
  }

  @Test
  void aDifferentLayoutOrObjectListIsShardedOnItsOwn() {
    SharedDeliveryWork shared =
        new SharedDeliveryWork(new ManifestWorkSharder(512_000, 3), BUILDER);
    PreparedDelivery prepared = shared.prepare(objects(7, false), properties("a", "eu"), Map::of);
    ShardingResult fresh = shared.shard("p-1234", "a", prepared, ShardLayout.EMPTY);
    ShardingResult kept = shared.shard("p-1234", "b", prepared, fresh.layout());
    assertThat(kept.shards()).isNotSameAs(fresh.shards());

    // A rollout wave hands out another list: prepared (and sharded) for itself.
    PreparedDelivery other = shared.prepare(objects(7, false), properties("c", "eu"), Map::of);
    assertThat(other).isNotSameAs(prepared);
  }

  @Test
  void objectsWithTemplatesArePreparedPerCluster() {
    SharedDeliveryWork shared =
        new SharedDeliveryWork(new ManifestWorkSharder(512_000, 50), BUILDER);
    List<CleanedObject> cleaned = objects(3, true);
    AtomicInteger delivered = new AtomicInteger();

    PreparedDelivery eu =
        shared.prepare(
            cleaned,
            properties("a", "eu"),
            () -> {
              delivered.incrementAndGet();
              return Map.of();
            });
    PreparedDelivery us = shared.prepare(cleaned, properties("b", "us"), Map::of);

    assertThat(eu.items().get(0).manifest()).extracting("data").isEqualTo(Map.of("v", "eu"));
    assertThat(us.items().get(0).manifest()).extracting("data").isEqualTo(Map.of("v", "us"));
    assertThat(delivered).hasValue(1);
  }

  @Test
  void oversizedObjectsAreReportedForEachCluster() {
    SharedDeliveryWork shared = new SharedDeliveryWork(new ManifestWorkSharder(100, 50), BUILDER);
    PreparedDelivery prepared = shared.prepare(objects(1, false), properties("a", "eu"), Map::of);

    assertThat(shared.shard("p-1234", "a", prepared, ShardLayout.EMPTY).oversized())
        .singleElement()
        .satisfies(o -> assertThat(o.message()).endsWith("not delivered to a"));
    assertThat(shared.shard("p-1234", "b", prepared, ShardLayout.EMPTY).oversized())
        .singleElement()
        .satisfies(o -> assertThat(o.message()).endsWith("not delivered to b"));
  }

  @Test
  void aStoredSpecIsComparedWithADesiredOneOnce() {
    SharedDeliveryWork shared = new SharedDeliveryWork(ManifestWorkSharder.withDefaults(), BUILDER);
    Map<String, Object> stored = Map.of("workload", Map.of("manifests", List.of(Map.of("a", 1))));
    Map<String, Object> same = Map.of("workload", Map.of("manifests", List.of(Map.of("a", 1L))));
    Map<String, Object> changed = Map.of("workload", Map.of("manifests", List.of(Map.of("a", 2))));

    assertThat(shared.specDiffers(stored, same)).isFalse();
    assertThat(shared.specDiffers(stored, changed)).isTrue();
    // Remembered by instance: an equal but distinct desired spec is compared on its own.
    assertThat(shared.specDiffers(stored, Map.of("workload", Map.of("manifests", List.of()))))
        .isTrue();
  }
}
