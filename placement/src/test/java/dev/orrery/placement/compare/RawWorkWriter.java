package dev.orrery.placement.compare;

import dev.orrery.placement.controller.Apis;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The physical limit for a fan-out on this box: the same ManifestWorks (the same objects, 50 to a
 * ManifestWork, in every cluster's mailbox) written by nothing but a pool of threads doing
 * server-side apply with the same client library and parallelism as Orrery's transport (8 mailbox
 * writers).
 */
final class RawWorkWriter {
  static final int PARALLELISM = 8;

  private RawWorkWriter() {}

  /** Every cluster's ManifestWorks, each holding up to {@code perWork} of the objects. */
  static List<GenericKubernetesResource> works(
      List<String> clusters, List<Map<String, Object>> objects, int perWork) {
    List<GenericKubernetesResource> works = new ArrayList<>();
    for (String cluster : clusters) {
      for (int start = 0, n = 0; start < objects.size(); start += perWork, n++) {
        Map<String, Object> work = new LinkedHashMap<>();
        work.put("apiVersion", "work.open-cluster-management.io/v1");
        work.put("kind", "ManifestWork");
        work.put("metadata", Map.of("name", "raw-" + n, "namespace", cluster));
        work.put(
            "spec",
            Map.of(
                "workload",
                Map.of(
                    "manifests",
                    objects.subList(start, Math.min(objects.size(), start + perWork)))));
        works.add(
            Serialization.unmarshal(Serialization.asJson(work), GenericKubernetesResource.class));
      }
    }
    return works;
  }

  /** Writes them all, {@link #PARALLELISM} at a time; returns the seconds taken. */
  static double write(KubernetesClient its, List<GenericKubernetesResource> works)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (GenericKubernetesResource w : works) {
        done.add(
            pool.submit(
                () ->
                    its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                        .inNamespace(w.getMetadata().getNamespace())
                        .resource(w)
                        .fieldManager("raw-writer")
                        .forceConflicts()
                        .serverSideApply()));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdown();
    }
  }

  static void delete(KubernetesClient its, List<String> clusters) {
    for (String c : clusters) {
      its.genericKubernetesResources(Apis.MANIFEST_WORKS).inNamespace(c).delete();
    }
  }
}
