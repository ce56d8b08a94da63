package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Placement at fleet scale (not part of the test suite; run with {@code mvn -pl placement -am
 * verify -Dit.test=PlacementBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}): 100
 * ManagedClusters (no agents) × 1,000 objects under 5 BindingPolicies. Reports the time from the
 * policies' creation to every ManifestWork written, the ITS writes, peak heap; then the ITS writes
 * and delay caused by changing one object. Figures go to target/benchmarks/placement.txt. Every
 * ManifestWork must be written exactly once during placement.
 */
@WithSpaces
class PlacementBenchmark {
  static final int CLUSTERS = 100;
  static final int OBJECTS = 1000;
  static final int POLICIES = 5;

  @Test
  void fleetScale(LocalSpaces spaces) throws Exception {
    KubernetesClient wds = spaces.wds().client();
    KubernetesClient its = spaces.its().client();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> writes = new ArrayList<>();
    for (int c = 0; c < CLUSTERS; c++) {
      String name = "c" + c;
      writes.add(
          pool.submit(
              () -> {
                its.resource(
                        new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .build())
                    .create();
                its.resource(
                        Serialization.unmarshal(
                            """
            apiVersion: cluster.open-cluster-management.io/v1
            kind: ManagedCluster
            metadata: {name: %s, labels: {env: prod}}
            spec: {hubAcceptsClient: true}
            """
                                .formatted(name),
                            GenericKubernetesResource.class))
                    .create();
              }));
    }
    for (int ns = 0; ns < 10; ns++) {
      wds.resource(
              new NamespaceBuilder().withNewMetadata().withName("bench" + ns).endMetadata().build())
          .create();
    }
    for (int i = 0; i < OBJECTS; i++) {
      int n = i;
      writes.add(
          pool.submit(
              () ->
                  wds.resource(
                          new ConfigMapBuilder()
                              .withNewMetadata()
                              .withName("obj" + n)
                              .withNamespace("bench" + (n % 10))
                              .addToLabels("bucket", "b" + (n % POLICIES))
                              .endMetadata()
                              .addToData("value", "v1")
                              .addToData("payload", "x".repeat(200))
                              .build())
                      .create()));
    }
    for (Future<?> f : writes) {
      f.get();
    }
    pool.shutdown();

    PlacementService placement =
        new PlacementService(wds, its, PlacementService.Settings.defaults("wds1"));
    placement.start();
    resetPeaks();
    long start = System.nanoTime();
    for (int p = 0; p < POLICIES; p++) {
      wds.resource(
              Serialization.unmarshal(
                  """
          apiVersion: control.kubestellar.io/v1alpha1
          kind: BindingPolicy
          metadata: {name: p%d}
          spec:
            clusterSelectors: [{matchLabels: {env: prod}}]
            downsync: [{resources: [configmaps], objectSelectors: [{matchLabels: {bucket: b%d}}]}]
          """
                      .formatted(p, p),
                  GenericKubernetesResource.class))
          .create();
    }
    int perPolicy = OBJECTS / POLICIES;
    int shardsPerCluster = (int) Math.ceil(perPolicy / 50.0);
    int expectedWorks = POLICIES * CLUSTERS * shardsPerCluster;
    await()
        .atMost(Duration.ofMinutes(20))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> workCount(its) >= expectedWorks && placement.idle());
    double placeSeconds = (System.nanoTime() - start) / 1e9;
    long writesAfterPlacement = placement.itsWrites();
    long peakHeap = peakHeapBytes();
    long works = workCount(its);
    long retainedHeap = heapAfterFullGc();

    long before = placement.itsWrites();
    long changeStart = System.nanoTime();
    wds.configMaps()
        .inNamespace("bench0")
        .withName("obj0")
        .edit(
            cm -> {
              cm.getData().put("value", "v2");
              return cm;
            });
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                its
                        .genericKubernetesResources(Apis.MANIFEST_WORKS)
                        .inAnyNamespace()
                        .withLabel(Apis.BINDING_KEY_LABEL, "p0")
                        .list()
                        .getItems()
                        .stream()
                        .filter(w -> Serialization.asJson(w).contains("\"value\":\"v2\""))
                        .count()
                    == CLUSTERS);
    double changeSeconds = (System.nanoTime() - changeStart) / 1e9;
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofMinutes(1)).until(placement::idle);
    long changeWrites = placement.itsWrites() - before;
    placement.close();

    String report =
        String.format(
            Locale.ROOT,
            """
        placement benchmark: %d ManagedClusters x %d objects under %d BindingPolicies
          ManifestWorks: %d (fewest the count limit allows: %d)
          policies created -> every ManifestWork written: %.1f s
          ITS writes for that: %d
          peak heap during placement: %d MiB (in use after a full GC once placed: %d MiB)
          one object changed -> ITS writes: %d (ideal: one per affected cluster = %d)
          one object changed -> all %d ManifestWorks carry it after: %.2f s
        """,
            CLUSTERS,
            OBJECTS,
            POLICIES,
            works,
            expectedWorks,
            placeSeconds,
            writesAfterPlacement,
            peakHeap / (1024 * 1024),
            retainedHeap / (1024 * 1024),
            changeWrites,
            CLUSTERS,
            CLUSTERS,
            changeSeconds);
    System.out.println(report);
    Files.createDirectories(Path.of("target", "benchmarks"));
    Files.writeString(Path.of("target", "benchmarks", "placement.txt"), report);
    assertThat(changeWrites).isGreaterThanOrEqualTo(CLUSTERS);
    assertThat(writesAfterPlacement).as("one write per ManifestWork").isEqualTo(works);
  }

  /**
   * How many ManifestWorks the ITS holds, without transferring them (a one-item page and the
   * remaining count).
   */
  private static long workCount(KubernetesClient its) {
    GenericKubernetesResourceList page =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inAnyNamespace()
            .list(new ListOptionsBuilder().withLimit(1L).build());
    Long remaining = page.getMetadata().getRemainingItemCount();
    return page.getItems().size() + (remaining == null ? 0 : remaining);
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long heapAfterFullGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long peakHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }
}
