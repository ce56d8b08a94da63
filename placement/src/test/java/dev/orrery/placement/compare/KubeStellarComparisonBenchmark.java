package dev.orrery.placement.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.controller.Apis;
import dev.orrery.spaces.LocalSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Orrery's placement next to KubeStellar v0.30.0's binding and OCM transport controllers, and a raw
 * parallel ManifestWork writer, in one run on this machine (not part of the test suite; run by
 * {@code placement/compare-kubestellar.sh}, which prints the table; figures also go to {@code
 * target/benchmarks/kubestellar-comparison.txt}). Each system has its own WDS, ITS and one real WEC
 * with an OCM work agent, plus the same number of agentless ManagedClusters. Sizes come from system
 * properties {@code compare.rounds} (latency rounds, 50), {@code compare.objects} (1000), {@code
 * compare.clusters} (100) and {@code compare.changes} (3).
 */
class KubeStellarComparisonBenchmark {
  static final int ROUNDS = Integer.getInteger("compare.rounds", 50);
  static final int OBJECTS = Integer.getInteger("compare.objects", 1000);
  static final int CLUSTERS = Integer.getInteger("compare.clusters", 100);
  static final int CHANGES = Integer.getInteger("compare.changes", 3);
  static final int NAMESPACES = 10;
  static final int PER_WORK = KubeStellarControllers.MAX_NUM_WRAPPED;

  private final List<String> table = new ArrayList<>();

  @Test
  void sideBySide() throws Exception {
    Path dir = Path.of("target", "compare", Instant.now().toString().replace(':', '-'));
    Path bin = KubeStellarControllers.binaries(); // builds it first, outside every measurement
    table.add("KubeStellar binaries: " + bin);
    try (LocalSpaces orrerySpaces = spaces(dir.resolve("orrery"));
        LocalSpaces ksSpaces = spaces(dir.resolve("kubestellar"))) {
      prepare(orrerySpaces);
      prepare(ksSpaces);
      List<String> clusters = IntStream.range(0, CLUSTERS).mapToObj(i -> "c" + i).toList();

      double raw = rawFanOut(orrerySpaces.its().client(), clusters, RawWorkWriter.Shape.ORRERY);
      double rawKs =
          rawFanOut(orrerySpaces.its().client(), clusters, RawWorkWriter.Shape.KUBESTELLAR);

      try (MeasuredProcess orrery = startOrrery(orrerySpaces, dir);
          KubeStellarControllers ks = KubeStellarControllers.start(ksSpaces, dir);
          ManifestWorkTally orreryTally = new ManifestWorkTally(orrerySpaces.its().client());
          ManifestWorkTally ksTally = new ManifestWorkTally(ksSpaces.its().client())) {
        Side o =
            new Side(
                "Orrery",
                orrerySpaces,
                orreryTally,
                orrery::cpuSeconds,
                orrery::peakRssKib,
                orrery::resetPeak);
        Side k =
            new Side(
                "KubeStellar",
                ksSpaces,
                ksTally,
                ks::cpuSeconds,
                () -> ks.binding.peakRssKib() + ks.transport.peakRssKib(),
                ks::resetPeaks);
        List<Side> sides = List.of(o, k);
        List<String> differences = differential(sides);
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(
            Path.of("target", "benchmarks", "kubestellar-differential.txt"),
            String.join("\n", differences) + "\n");

        Map<String, List<Double>> latency =
            Map.of("Orrery", new ArrayList<>(), "KubeStellar", new ArrayList<>());
        for (int r = 0; r < ROUNDS; r++) {
          for (Side s : (r % 2 == 0 ? sides : List.of(k, o))) {
            latency.get(s.name()).add(deploymentRound(s, r));
          }
        }

        Phase oFan = fanOut(o);
        Phase kFan = fanOut(k);
        List<Phase> oChange = new ArrayList<>();
        List<Phase> kChange = new ArrayList<>();
        for (int c = 0; c < CHANGES; c++) {
          String value = "v" + (c + 2);
          for (Side s : (c % 2 == 0 ? sides : List.of(k, o))) {
            (s == o ? oChange : kChange).add(change(s, value));
          }
        }
        report(dir, latency, raw, rawKs, oFan, kFan, oChange, kChange, differences);
        assertThat(differences.stream().filter(d -> !DeliveredManifests.deliberate(d)))
            .as("differences between the systems' deliveries not listed in docs/placement.md")
            .isEmpty();
      }
    }
  }

  /**
   * The same policies and objects in both WDSes; once both systems' deliveries to d1..d3 hold
   * still, the per-cluster differences between them.
   */
  private static List<String> differential(List<Side> sides) throws Exception {
    for (Side s : sides) {
      DifferentialInputs.itsObjects(s.spaces().its().client());
      DifferentialInputs.wdsObjects(s.spaces().wds().client());
    }
    Map<String, Map<String, Map<String, Object>>> last = Map.of();
    int still = 0;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (still < 5 && Instant.now().isBefore(deadline)) {
      Thread.sleep(1000);
      Map<String, Map<String, Map<String, Object>>> now = new java.util.TreeMap<>();
      for (Side s : sides) {
        for (String c : DifferentialInputs.CLUSTERS) {
          now.put(s.name() + " " + c, DeliveredManifests.of(s.spaces().its().client(), c));
        }
      }
      boolean allPresent = now.values().stream().noneMatch(Map::isEmpty);
      still = allPresent && now.equals(last) ? still + 1 : 0;
      last = now;
    }
    List<String> differences = new ArrayList<>();
    for (String c : DifferentialInputs.CLUSTERS) {
      differences.addAll(
          DeliveredManifests.differences(
              c,
              last.getOrDefault("Orrery " + c, Map.of()),
              last.getOrDefault("KubeStellar " + c, Map.of())));
    }
    if (still < 5) {
      differences.add(
          0, "(deliveries did not hold still within 5 minutes; compared the last seen)");
    }
    return differences;
  }

  /** Wall time, ManifestWork writes, CPU seconds and peak RSS of one phase of one system. */
  record Phase(double seconds, long writes, double cpu, long peakRssKib) {}

  private static LocalSpaces spaces(Path dir) {
    return LocalSpaces.builder()
        .directory(dir)
        .wec("wec1", Map.of("name", "wec1", "location-group", "edge"))
        .start();
  }

  private static MeasuredProcess startOrrery(LocalSpaces spaces, Path dir)
      throws InterruptedException {
    MeasuredProcess p =
        MeasuredProcess.start(
            "orrery placement",
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OrreryPlacementMain.class.getName(),
                spaces.wds().kubeconfig().toAbsolutePath().toString(),
                spaces.its().kubeconfig().toAbsolutePath().toString()),
            dir.resolve("orrery-placement.log"));
    p.awaitLog("ready", Duration.ofMinutes(3));
    return p;
  }

  /** Namespaces, the objects to fan out, the agentless ManagedClusters and their mailboxes. */
  private static void prepare(LocalSpaces spaces) throws Exception {
    KubernetesClient wds = spaces.wds().client();
    KubernetesClient its = spaces.its().client();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int ns = 0; ns < NAMESPACES; ns++) {
        wds.resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName("bench" + ns)
                    .endMetadata()
                    .build())
            .create();
      }
      for (String client : List.of("wds", "wec")) {
        KubernetesClient c = client.equals("wds") ? wds : spaces.wec("wec1").space().client();
        c.resource(new NamespaceBuilder().withNewMetadata().withName("lat").endMetadata().build())
            .create();
      }
      for (int i = 0; i < OBJECTS; i++) {
        Map<String, Object> object = object(i, "v1");
        writes.add(
            pool.submit(
                () ->
                    wds.resource(
                            Serialization.unmarshal(
                                Serialization.asJson(object),
                                io.fabric8.kubernetes.api.model.ConfigMap.class))
                        .create()));
      }
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
                              metadata: {name: %s, labels: {env: bench}}
                              spec: {hubAcceptsClient: true}
                              """
                                  .formatted(name),
                              GenericKubernetesResource.class))
                      .create();
                }));
      }
      for (Future<?> f : writes) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Map<String, Object> object(int i, String value) {
    return Map.of(
        "apiVersion",
        "v1",
        "kind",
        "ConfigMap",
        "metadata",
        Map.of(
            "name",
            "obj" + i,
            "namespace",
            "bench" + (i % NAMESPACES),
            "labels",
            Map.of("set", "fanout")),
        "data",
        Map.of("value", value, "payload", "x".repeat(200)));
  }

  private double rawFanOut(KubernetesClient its, List<String> clusters, RawWorkWriter.Shape shape)
      throws Exception {
    List<Map<String, Object>> objects =
        IntStream.range(0, OBJECTS).mapToObj(i -> object(i, "v1")).toList();
    List<GenericKubernetesResource> works = RawWorkWriter.works(clusters, objects, PER_WORK, shape);
    long before = ItsWrites.manifestWorkWrites(its);
    double seconds = RawWorkWriter.write(its, works);
    long writes = ItsWrites.manifestWorkWrites(its) - before;
    RawWorkWriter.delete(its, clusters);
    await(
        Duration.ofMinutes(5),
        () ->
            its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                .inAnyNamespace()
                .list()
                .getItems()
                .isEmpty());
    table.add(
        String.format(
            Locale.ROOT,
            "raw writer, %s's ManifestWorks (%d KiB of JSON each): %d ManifestWorks (%d writes) in"
                + " %.2f s, %d threads",
            shape == RawWorkWriter.Shape.ORRERY ? "Orrery" : "KubeStellar",
            Serialization.asJson(works.get(0)).length() / 1024,
            works.size(),
            writes,
            seconds,
            RawWorkWriter.PARALLELISM));
    return seconds;
  }

  /** One BindingPolicy and one Deployment created; seconds until the Deployment is on the WEC. */
  private static double deploymentRound(Side s, int round) throws Exception {
    KubernetesClient wds = s.spaces().wds().client();
    KubernetesClient wec = s.spaces().wec("wec1").space().client();
    String name = "d" + round;
    long start = System.nanoTime();
    wds.resource(
            Serialization.unmarshal(
                """
                apiVersion: control.kubestellar.io/v1alpha1
                kind: BindingPolicy
                metadata: {name: lat%d}
                spec:
                  clusterSelectors: [{matchLabels: {name: wec1}}]
                  downsync: [{objectSelectors: [{matchLabels: {round: r%d}}]}]
                """
                    .formatted(round, round),
                GenericKubernetesResource.class))
        .create();
    wds.resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("lat")
                .addToLabels("round", "r" + round)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("registry.invalid/pause:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    await(
        Duration.ofMinutes(2),
        Duration.ofMillis(20),
        () -> wec.apps().deployments().inNamespace("lat").withName(name).get() != null);
    double seconds = (System.nanoTime() - start) / 1e9;
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("lat" + round).delete();
    wds.apps().deployments().inNamespace("lat").withName(name).delete();
    await(
        Duration.ofMinutes(2),
        () -> wec.apps().deployments().inNamespace("lat").withName(name).get() == null);
    return seconds;
  }

  private static boolean isFanout(Map<String, Object> m) {
    return "ConfigMap".equals(m.get("kind"))
        && m.get("metadata") instanceof Map<?, ?> md
        && md.get("labels") instanceof Map<?, ?> l
        && "fanout".equals(l.get("set"));
  }

  private static Phase fanOut(Side s) throws Exception {
    s.tally().track(KubeStellarComparisonBenchmark::isFanout, m -> false);
    long writes0 = s.itsWrites();
    s.resetPeaks().run();
    double cpu0 = s.cpuSeconds().getAsDouble();
    long start = System.nanoTime();
    s.spaces()
        .wds()
        .client()
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: control.kubestellar.io/v1alpha1
                kind: BindingPolicy
                metadata: {name: fanout}
                spec:
                  clusterSelectors: [{matchLabels: {env: bench}}]
                  downsync: [{resources: [configmaps], objectSelectors: [{matchLabels: {set: fanout}}]}]
                """,
                GenericKubernetesResource.class))
        .create();
    long expected = (long) OBJECTS * CLUSTERS;
    await(Duration.ofMinutes(30), Duration.ofMillis(100), () -> s.tally().placed() >= expected);
    double seconds = (System.nanoTime() - start) / 1e9;
    settle(s);
    return new Phase(
        seconds,
        s.itsWrites() - writes0,
        s.cpuSeconds().getAsDouble() - cpu0,
        s.peakRssKib().getAsLong());
  }

  private static Phase change(Side s, String value) throws Exception {
    s.tally().track(KubeStellarComparisonBenchmark::isFanout, m -> isChanged(m, value));
    long writes0 = s.itsWrites();
    s.resetPeaks().run();
    double cpu0 = s.cpuSeconds().getAsDouble();
    long start = System.nanoTime();
    s.spaces()
        .wds()
        .client()
        .configMaps()
        .inNamespace("bench0")
        .withName("obj0")
        .edit(
            cm -> {
              cm.getData().put("value", value);
              return cm;
            });
    await(Duration.ofMinutes(10), Duration.ofMillis(20), () -> s.tally().changed() >= CLUSTERS);
    double seconds = (System.nanoTime() - start) / 1e9;
    settle(s);
    return new Phase(
        seconds,
        s.itsWrites() - writes0,
        s.cpuSeconds().getAsDouble() - cpu0,
        s.peakRssKib().getAsLong());
  }

  private static boolean isChanged(Map<String, Object> m, String value) {
    return isFanout(m)
        && m.get("metadata") instanceof Map<?, ?> md
        && "obj0".equals(md.get("name"))
        && m.get("data") instanceof Map<?, ?> d
        && value.equals(d.get("value"));
  }

  /** Waits until the ITS has seen no ManifestWork write for 3 s (the controller is done). */
  private static void settle(Side s) throws InterruptedException {
    long last = s.itsWrites();
    Instant quietSince = Instant.now();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      long now = s.itsWrites();
      if (now != last) {
        last = now;
        quietSince = Instant.now();
      } else if (Duration.between(quietSince, Instant.now()).toMillis() >= 3000) {
        return;
      }
    }
  }

  private static void await(Duration timeout, BooleanSupplier done) throws InterruptedException {
    await(timeout, Duration.ofMillis(200), done);
  }

  private static void await(Duration timeout, Duration poll, BooleanSupplier done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!doneYet(done)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("not done within " + timeout);
      }
      Thread.sleep(poll.toMillis());
    }
  }

  /** A request that timed out on a starved API server is a "not yet", not a failure. */
  private static boolean doneYet(BooleanSupplier done) {
    try {
      return done.getAsBoolean();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      return false;
    }
  }

  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static Phase median(List<Phase> phases) {
    List<Phase> sorted = new ArrayList<>(phases);
    sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
    return sorted.get(sorted.size() / 2);
  }

  private void report(
      Path dir,
      Map<String, List<Double>> latency,
      double raw,
      double rawKs,
      Phase oFan,
      Phase kFan,
      List<Phase> oChange,
      List<Phase> kChange,
      List<String> differences)
      throws Exception {
    Phase oc = median(oChange);
    Phase kc = median(kChange);
    double op50 = percentile(latency.get("Orrery"), 50);
    double op99 = percentile(latency.get("Orrery"), 99);
    double kp50 = percentile(latency.get("KubeStellar"), 50);
    double kp99 = percentile(latency.get("KubeStellar"), 99);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Orrery vs KubeStellar v0.30.0 vs raw writer: %d latency rounds, %d objects x %d ManagedClusters, %d changes; client QPS %d / burst %d%n",
            ROUNDS,
            OBJECTS,
            CLUSTERS,
            CHANGES,
            ClientLimits.QPS,
            ClientLimits.BURST));
    out.append(
        "| measure | Orrery | KubeStellar | raw | Orrery/KubeStellar | Orrery/raw | KubeStellar/raw |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    out.append(row("1. policy + Deployment -> on WEC, p50 (s)", op50, kp50, Double.NaN));
    out.append(row("1. policy + Deployment -> on WEC, p99 (s)", op99, kp99, Double.NaN));
    out.append(
        row(
            "2. cold fan-out -> every ManifestWork written (s); raw: each system's ManifestWorks",
            oFan.seconds(),
            kFan.seconds(),
            raw,
            rawKs));
    out.append(
        row(
            "2. ITS ManifestWork writes",
            oFan.writes(),
            kFan.writes(),
            (double) CLUSTERS * Math.ceil(OBJECTS / (double) PER_WORK)));
    out.append(row("2. controller CPU (s)", oFan.cpu(), kFan.cpu(), Double.NaN));
    out.append(
        row(
            "2. controller peak RSS (MiB)",
            oFan.peakRssKib() / 1024.0,
            kFan.peakRssKib() / 1024.0,
            Double.NaN));
    out.append(
        row(
            "3. one object changed -> every ManifestWork updated, median (s)",
            oc.seconds(),
            kc.seconds(),
            Double.NaN));
    out.append(row("3. ITS ManifestWork writes", oc.writes(), kc.writes(), CLUSTERS));
    out.append(row("3. controller CPU (s)", oc.cpu(), kc.cpu(), Double.NaN));
    out.append(
        row(
            "3. controller peak RSS (MiB)",
            oc.peakRssKib() / 1024.0,
            kc.peakRssKib() / 1024.0,
            Double.NaN));
    out.append(
        String.format(
            Locale.ROOT,
            "change rounds (s): Orrery %s, KubeStellar %s%n",
            oChange.stream().map(p -> String.format(Locale.ROOT, "%.2f", p.seconds())).toList(),
            kChange.stream().map(p -> String.format(Locale.ROOT, "%.2f", p.seconds())).toList()));
    table.forEach(l -> out.append(l).append('\n'));
    out.append("differential check (clusters d1..d3): ")
        .append(
            differences.isEmpty()
                ? "the same normalised manifests on every cluster"
                : differences.size() + " differences")
        .append('\n');
    differences.forEach(d -> out.append("  ").append(d).append('\n'));
    out.append("logs: ").append(dir.toAbsolutePath()).append('\n');
    System.out.println(out);
    Files.createDirectories(Path.of("target", "benchmarks"));
    Files.writeString(
        Path.of("target", "benchmarks", "kubestellar-comparison.txt"), out.toString());
  }

  private static String row(String what, double orrery, double ks, double raw) {
    return row(what, orrery, ks, raw, raw);
  }

  /**
   * A row whose raw figure differs by system ({@code rawOrrery} in Orrery's shape, {@code rawKs} in
   * KubeStellar's): each system is set against its own.
   */
  private static String row(String what, double orrery, double ks, double rawOrrery, double rawKs) {
    if (Double.compare(rawOrrery, rawKs) != 0) {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %s | %s (Orrery's) / %s (KubeStellar's) | %s | %s | %s |%n",
          what,
          num(orrery),
          num(ks),
          num(rawOrrery),
          num(rawKs),
          ratio(orrery, ks),
          ratio(orrery, rawOrrery),
          ratio(ks, rawKs));
    }
    double raw = rawOrrery;
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s | %s | %s |%n",
        what,
        num(orrery),
        num(ks),
        num(raw),
        ratio(orrery, ks),
        ratio(orrery, raw),
        ratio(ks, raw));
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    return v == Math.rint(v) && Math.abs(v) >= 10
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0
        ? ""
        : String.format(Locale.ROOT, "%.2f", a / b);
  }
}
