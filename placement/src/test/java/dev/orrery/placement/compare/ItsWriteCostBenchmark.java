package dev.orrery.placement.compare;

import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.controller.Apis;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * What one ManifestWork write costs the ITS API server, by method (not part of the test suite; run
 * with {@code mvn -B -o -pl placement -am verify -Dit.test=ItsWriteCostBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dimage.skip}):
 * 100 ManifestWorks of 50 ConfigMaps (about 15 KB of manifests, built as Orrery's transport builds
 * them), one per mailbox, written by 8 threads with fabric8 — created by POST and by server-side
 * apply, updated by PUT, by server-side apply and by a one-field JSON patch — for {@code
 * bench.rounds} rounds (default 3); then updated by server-side apply again once the ITS holds
 * 2,000 ManifestWorks, without and with a client watching them all. Appends the seconds per 100
 * writes to target/benchmarks/its-write-cost.txt.
 */
@WithSpaces(registration = false)
class ItsWriteCostBenchmark {
  static final int WORKS = 100;
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @Test
  void writeCostByMethod(LocalSpaces spaces) throws Exception {
    KubernetesClient its = spaces.its().client();
    timed(
        i ->
            its.resource(
                    new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(mailbox(i))
                        .endMetadata()
                        .build())
                .create());
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, String> versions = new ConcurrentHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      String applied = "applied" + round;
      String posted = "posted" + round;
      String v = "v" + round;
      record(seconds, "create by server-side apply", timed(i -> apply(its, work(i, applied, v))));
      record(
          seconds,
          "create by POST",
          timed(
              i ->
                  versions.put(
                      mailbox(i),
                      works(its, i)
                          .resource(work(i, posted, v))
                          .create()
                          .getMetadata()
                          .getResourceVersion())));
      record(
          seconds,
          "update by server-side apply",
          timed(i -> apply(its, work(i, applied, v + "-changed"))));
      record(
          seconds,
          "update by PUT",
          timed(
              i -> {
                GenericKubernetesResource w = work(i, posted, v + "-changed");
                w.getMetadata().setResourceVersion(versions.get(mailbox(i)));
                works(its, i).resource(w).update();
              }));
      record(
          seconds,
          "update by a one-field JSON patch",
          timed(
              i ->
                  works(its, i)
                      .withName(posted)
                      .patch(
                          PatchContext.of(PatchType.JSON),
                          "[{\"op\":\"replace\",\"path\":\"/spec/workload/manifests/7/data/value\","
                              + "\"value\":\"patched\"}]")));
      record(seconds, "GET", timed(i -> works(its, i).withName(posted).get()));
      timed(
          i -> {
            works(its, i).withName(applied).delete();
            works(its, i).withName(posted).delete();
          });
    }
    // The same update once the ITS holds what a 1,000 x 100 fan-out leaves (20 per mailbox), with
    // and without a client watching every ManifestWork (as a transport's informer does).
    timed(i -> apply(its, work(i, "updated", "v0")));
    for (int extra = 1; extra < 20; extra++) {
      String name = "filler" + extra;
      timed(i -> apply(its, work(i, name, "v0")));
    }
    for (int round = 0; round < ROUNDS; round++) {
      String v = "loaded" + round;
      record(seconds, "update by SSA, 2,000 stored", timed(i -> apply(its, work(i, "updated", v))));
    }
    try (var informer =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS).inAnyNamespace().inform()) {
      for (int round = 0; round < ROUNDS; round++) {
        String v = "watched" + round;
        record(
            seconds,
            "update by SSA, 2,000 stored, watched",
            timed(i -> apply(its, work(i, "updated", v))));
      }
    }
    pool.shutdown();
    StringBuilder report =
        new StringBuilder(
            "ITS write cost: seconds per "
                + WORKS
                + " ManifestWorks of 50 ConfigMaps, 8 threads, by round\n");
    seconds.forEach(
        (method, s) ->
            report.append(
                String.format(
                    Locale.ROOT,
                    "  %-34s %s%n",
                    method,
                    s.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList())));
    System.out.print(report);
    Files.createDirectories(Path.of("target", "benchmarks"));
    Files.writeString(
        Path.of("target", "benchmarks", "its-write-cost.txt"),
        report + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private static String mailbox(int i) {
    return "mailbox" + i;
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      works(KubernetesClient its, int i) {
    return its.genericKubernetesResources(Apis.MANIFEST_WORKS).inNamespace(mailbox(i));
  }

  private static void apply(KubernetesClient its, GenericKubernetesResource work) {
    its.genericKubernetesResources(Apis.MANIFEST_WORKS)
        .inNamespace(work.getMetadata().getNamespace())
        .resource(work)
        .fieldManager(Apis.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * A ManifestWork of 50 ConfigMaps of about 300 bytes, the eighth carrying {@code value}, as
   * Orrery's transport builds it (labels, annotation, a manifestConfig per object).
   */
  private static GenericKubernetesResource work(int mailbox, String name, String value) {
    List<Map<String, Object>> configMaps = new ArrayList<>();
    for (int n = 0; n < 50; n++) {
      configMaps.add(
          Map.of(
              "apiVersion",
              "v1",
              "kind",
              "ConfigMap",
              "metadata",
              Map.of("name", "obj" + n, "namespace", "bench" + (n % 10)),
              "data",
              Map.of("value", n == 7 ? value : "v1", "payload", "x".repeat(200))));
    }
    return Unstructureds.resource(RawWorkWriter.orreryShaped(mailbox(mailbox), name, configMaps));
  }

  private static void record(Map<String, List<Double>> seconds, String method, double s) {
    seconds.computeIfAbsent(method, k -> new ArrayList<>()).add(s);
  }

  /** Runs {@code write} for every mailbox on the pool; the seconds until all are done. */
  private double timed(IntConsumer write) throws Exception {
    long start = System.nanoTime();
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < WORKS; i++) {
      int mailbox = i;
      writes.add(pool.submit(() -> write.accept(mailbox)));
    }
    for (Future<?> f : writes) {
      f.get();
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
