package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * Placement at fleet scale (not part of the test suite; run with {@code mvn -B -o -pl placement -am
 * verify -Dit.test=PlacementBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dimage.skip}, sized with {@code -Dbench.objects=}
 * (default 1,000), {@code -Dbench.clusters=} (default 100) and {@code -Dbench.policies=} (default
 * 5), {@code -Dbench.shardCount=} (objects per ManifestWork at most, default 50); {@code
 * -DargLine=-Xmx512m} runs it in a 512 MiB heap). ManagedClusters have no agents. Reports the cold
 * fan-out (the time from the policies' creation to every ManifestWork written), the ITS writes, the
 * heap (the most in use right after a collection while placing, the peak including garbage, and
 * what is live after a full GC once placed, with the classes that hold the most); then the ITS
 * writes and delay caused by changing one object. Figures are appended to
 * target/benchmarks/placement.txt. Every ManifestWork must be written exactly once during
 * placement. With {@code -Dbench.feedback=true}, every ManifestWork then gets the status a work
 * agent would write, and the heap is measured again; {@code -Dbench.profile=true} records the
 * fan-out and the one-object change with Java Flight Recorder into target/benchmarks/fan-out.jfr
 * and change.jfr.
 */
@WithSpaces
class PlacementBenchmark {
  static final int CLUSTERS = Integer.getInteger("bench.clusters", 100);
  static final int OBJECTS = Integer.getInteger("bench.objects", 1000);
  static final int POLICIES = Integer.getInteger("bench.policies", 5);

  /** Objects per ManifestWork at most ({@code orrery.shard-count-limit}; default 50). */
  static final int SHARD_COUNT = Integer.getInteger("bench.shardCount", 50);

  /**
   * Whether, once placed, every ManifestWork gets the status a work agent would write (conditions
   * per manifest and a returned {@code .status} per object), to measure what returned status costs.
   */
  static final boolean FEEDBACK = Boolean.getBoolean("bench.feedback");

  /** Whether the one-object change is recorded with Java Flight Recorder (target/benchmarks). */
  static final boolean PROFILE = Boolean.getBoolean("bench.profile");

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
    // The futures hold the created objects: not placement's memory.
    writes.clear();
    pool.shutdown();

    PlacementService placement =
        new PlacementService(
            wds, its, new PlacementService.Settings("wds1", 512_000, SHARD_COUNT, 0.5, 2));
    placement.start();
    resetPeaks();
    HeapAfterGc afterGc = HeapAfterGc.watch();
    jdk.jfr.Recording fanOutRecording = PROFILE ? startRecording() : null;
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
    int shardsPerCluster = (int) Math.ceil(perPolicy / (double) SHARD_COUNT);
    int expectedWorks = POLICIES * CLUSTERS * shardsPerCluster;
    await()
        .atMost(Duration.ofMinutes(60))
        .pollInterval(Duration.ofSeconds(1))
        // Placement's own count first: listing a loaded ITS is slow and would skew the time.
        .ignoreExceptions()
        .until(
            () ->
                placement.itsWrites() >= expectedWorks
                    && placement.idle()
                    && workCount(its) >= expectedWorks);
    double placeSeconds = (System.nanoTime() - start) / 1e9;
    if (fanOutRecording != null) {
      dump(fanOutRecording, "fan-out.jfr");
    }
    long writesAfterPlacement = placement.itsWrites();
    long peakHeap = peakHeapBytes();
    long peakAfterGc = afterGc.stop();
    long works = workCount(its);
    long retainedHeap = heapAfterFullGc();
    String histogram = topOfHistogram(12);

    Map<String, String> workWithObj0 = workHolding(its, "p0", "obj0");
    long before = placement.itsWrites();
    jdk.jfr.Recording recording = PROFILE ? startRecording() : null;
    // Seen through a watch from now on, not by reading the ManifestWorks again and again: 100 GETs
    // per poll would load the very API server whose writes are being timed.
    Set<String> carrying = ConcurrentHashMap.newKeySet();
    Watch watch = watchCarrying(its, "p0", workWithObj0, carrying);
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
        .pollInterval(Duration.ofMillis(10))
        .until(() -> carrying.size() == CLUSTERS);
    double changeSeconds = (System.nanoTime() - changeStart) / 1e9;
    watch.close();
    if (recording != null) {
      dump(recording, "change.jfr");
    }
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofMinutes(1)).until(placement::idle);
    long changeWrites = placement.itsWrites() - before;
    String withStatus = FEEDBACK ? withAgentStatus(its, placement) : "";
    placement.close();

    String report =
        String.format(
                Locale.ROOT,
                """
        placement benchmark: %d ManagedClusters x %d objects under %d BindingPolicies, at most %d objects per ManifestWork
          ManifestWorks: %d (fewest the count limit allows: %d)
          policies created -> every ManifestWork written: %.1f s
          ITS writes for that: %d
          heap while placing: %d MiB at most after a collection, %d MiB peak with garbage
          heap in use after a full GC once placed: %d MiB
          one object changed -> ITS writes: %d (ideal: one per affected cluster = %d)
          one object changed -> all %d ManifestWorks carry it after: %.2f s
        """,
                CLUSTERS,
                OBJECTS,
                POLICIES,
                SHARD_COUNT,
                works,
                expectedWorks,
                placeSeconds,
                writesAfterPlacement,
                peakAfterGc / (1024 * 1024),
                peakHeap / (1024 * 1024),
                retainedHeap / (1024 * 1024),
                changeWrites,
                CLUSTERS,
                CLUSTERS,
                changeSeconds)
            + "  max heap: "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MiB; classes holding the most once placed:\n"
            + histogram
            + withStatus;
    System.out.println(report);
    Files.createDirectories(Path.of("target", "benchmarks"));
    Files.writeString(
        Path.of("target", "benchmarks", "placement.txt"),
        report + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    assertThat(changeWrites).isGreaterThanOrEqualTo(CLUSTERS);
    assertThat(writesAfterPlacement).as("one write per ManifestWork").isEqualTo(works);
  }

  /**
   * Writes into every ManifestWork the status its work agent would (Applied and Available, per
   * manifest the same plus {@code StatusFeedbackSynced} and the object's {@code .status} returned
   * as raw JSON, shaped like a ready Deployment's, times differing per cluster), waits for
   * placement to take it in, and reports the heap then.
   */
  private static String withAgentStatus(KubernetesClient its, PlacementService placement)
      throws Exception {
    // Page by page, each page written before the next is read: the benchmark's own copies of the
    // ManifestWorks share placement's heap and must not crowd it.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long written = 0;
    long start = System.nanoTime();
    String cont = null;
    do {
      GenericKubernetesResourceList page =
          its.genericKubernetesResources(Apis.MANIFEST_WORKS)
              .inAnyNamespace()
              .list(new ListOptionsBuilder().withLimit(50L).withContinue(cont).build());
      List<Future<?>> writes = new ArrayList<>();
      for (GenericKubernetesResource work : page.getItems()) {
        writes.add(
            pool.submit(
                () -> {
                  work.getAdditionalProperties().put("status", agentStatus(work));
                  its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                      .inNamespace(work.getMetadata().getNamespace())
                      .resource(work)
                      .updateStatus();
                }));
      }
      for (Future<?> f : writes) {
        f.get();
      }
      written += writes.size();
      cont = page.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofMinutes(10)).until(placement::idle);
    long retained = heapAfterFullGc();
    return String.format(
            Locale.ROOT,
            "  with agent status on all %d ManifestWorks (written in %.1f s): heap in use after a"
                + " full GC %d MiB; classes holding the most:%n",
            written,
            seconds,
            retained / (1024 * 1024))
        + topOfHistogram(12);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> agentStatus(GenericKubernetesResource work) {
    int cluster = Integer.parseInt(work.getMetadata().getNamespace().substring(1));
    String at = java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(cluster).toString();
    long generation = work.getMetadata().getGeneration();
    List<Map<String, Object>> manifests = new ArrayList<>();
    Map<String, Object> spec = (Map<String, Object>) work.getAdditionalProperties().get("spec");
    List<Object> items =
        (List<Object>) ((Map<String, Object>) spec.get("workload")).get("manifests");
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> metadata =
          (Map<String, Object>) ((Map<String, Object>) items.get(i)).get("metadata");
      String raw =
          ("{\"availableReplicas\":1,\"conditions\":[{\"lastTransitionTime\":\"%s\","
                  + "\"lastUpdateTime\":\"%s\",\"message\":\"Deployment has minimum"
                  + " availability.\",\"reason\":\"MinimumReplicasAvailable\",\"status\":\"True\","
                  + "\"type\":\"Available\"}],\"observedGeneration\":1,\"readyReplicas\":1,"
                  + "\"replicas\":1,\"updatedReplicas\":1}")
              .formatted(at, at);
      manifests.add(
          Map.of(
              "resourceMeta",
              Map.of(
                  "ordinal", i,
                  "group", "",
                  "version", "v1",
                  "kind", "ConfigMap",
                  "resource", "configmaps",
                  "name", metadata.get("name"),
                  "namespace", metadata.get("namespace")),
              "conditions",
              List.of(
                  condition("Applied", "AppliedManifestComplete", "Apply manifest complete", at),
                  condition("Available", "ResourceAvailable", "Resource is available", at),
                  condition("StatusFeedbackSynced", "StatusFeedbackSynced", "", at)),
              "statusFeedback",
              Map.of(
                  "values",
                  List.of(
                      Map.of(
                          "name",
                          "status",
                          "fieldValue",
                          Map.of("type", "JsonRaw", "jsonRaw", raw))))));
    }
    Map<String, Object> applied =
        new HashMap<>(
            condition(
                "Applied", "AppliedManifestWorkComplete", "Apply manifest work complete", at));
    applied.put("observedGeneration", generation);
    Map<String, Object> available =
        new HashMap<>(
            condition("Available", "ResourcesAvailable", "All resources are available", at));
    available.put("observedGeneration", generation);
    return Map.of(
        "conditions", List.of(applied, available),
        "resourceStatus", Map.of("manifests", manifests));
  }

  private static Map<String, Object> condition(
      String type, String reason, String message, String at) {
    return Map.of(
        "type", type,
        "status", "True",
        "reason", reason,
        "message", message,
        "lastTransitionTime", at);
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

  /**
   * For each cluster, the name of the ManifestWork of {@code binding} that delivers {@code object}
   * there (read once, page by page: the ManifestWorks of a large fleet do not fit in one list).
   */
  private static Map<String, String> workHolding(
      KubernetesClient its, String binding, String object) {
    Map<String, String> out = new HashMap<>();
    String cont = null;
    do {
      GenericKubernetesResourceList page =
          its.genericKubernetesResources(Apis.MANIFEST_WORKS)
              .inAnyNamespace()
              .withLabel(Apis.BINDING_KEY_LABEL, binding)
              .list(new ListOptionsBuilder().withLimit(50L).withContinue(cont).build());
      for (GenericKubernetesResource w : page.getItems()) {
        if (Serialization.asJson(w.getAdditionalProperties().get("spec"))
            .contains("\"name\":\"" + object + "\"")) {
          out.put(w.getMetadata().getNamespace(), w.getMetadata().getName());
        }
      }
      cont = page.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    return out;
  }

  /**
   * Watches, from the ITS's current resource version, the ManifestWorks of {@code binding} and adds
   * to {@code carrying} each mailbox whose ManifestWork in {@code works} carries the changed value.
   */
  private static Watch watchCarrying(
      KubernetesClient its, String binding, Map<String, String> works, Set<String> carrying) {
    String now =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inAnyNamespace()
            .list(new ListOptionsBuilder().withLimit(1L).build())
            .getMetadata()
            .getResourceVersion();
    return its.genericKubernetesResources(Apis.MANIFEST_WORKS)
        .inAnyNamespace()
        .withLabel(Apis.BINDING_KEY_LABEL, binding)
        .watch(
            new ListOptionsBuilder().withResourceVersion(now).build(),
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, GenericKubernetesResource w) {
                String mailbox = w.getMetadata().getNamespace();
                if (w.getMetadata().getName().equals(works.get(mailbox))
                    && Serialization.asJson(w.getAdditionalProperties().get("spec"))
                        .contains("\"value\":\"v2\"")) {
                  carrying.add(mailbox);
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static jdk.jfr.Recording startRecording() throws Exception {
    jdk.jfr.Recording recording =
        new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
    recording.start();
    return recording;
  }

  private static void dump(jdk.jfr.Recording recording, String file) throws Exception {
    recording.stop();
    Files.createDirectories(Path.of("target", "benchmarks"));
    recording.dump(Path.of("target", "benchmarks", file));
    recording.close();
  }

  /** The first {@code rows} classes of a class histogram of live objects (after a full GC). */
  private static String topOfHistogram(int rows) throws Exception {
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    StringBuilder out = new StringBuilder();
    histogram.lines().limit(rows + 2L).forEach(l -> out.append("    ").append(l).append('\n'));
    return out.toString();
  }

  /**
   * The most heap in use right after a collection while it watches: live data plus what the
   * collection left (closer to what placement needs than the peak, which counts garbage).
   */
  private static final class HeapAfterGc implements NotificationListener {
    private final AtomicLong max = new AtomicLong();

    static HeapAfterGc watch() {
      HeapAfterGc w = new HeapAfterGc();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener(w, null, null);
      }
      return w;
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long used =
          info.getGcInfo().getMemoryUsageAfterGc().values().stream()
              .mapToLong(MemoryUsage::getUsed)
              .sum();
      max.accumulateAndGet(used, Math::max);
    }

    long stop() throws Exception {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).removeNotificationListener(this);
      }
      return max.get();
    }
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
