package dev.orrery.placement.compare;

import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.transport.ManifestWorkBuilder;
import dev.orrery.placement.transport.Shard;
import dev.orrery.placement.transport.ShardItem;
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
 * writers). In either system's shape: Orrery's (labels, annotation and a {@code manifestConfigs}
 * entry per object, as its transport builds them) or KubeStellar's (the manifests alone, as its
 * transport writes objects with no createOnly).
 */
final class RawWorkWriter {
  static final int PARALLELISM = 8;

  private RawWorkWriter() {}

  /** Whose ManifestWorks to write. */
  enum Shape {
    ORRERY,
    KUBESTELLAR
  }

  /** Every cluster's ManifestWorks, each holding up to {@code perWork} of the ConfigMaps. */
  static List<GenericKubernetesResource> works(
      List<String> clusters, List<Map<String, Object>> objects, int perWork, Shape shape) {
    List<GenericKubernetesResource> works = new ArrayList<>();
    for (String cluster : clusters) {
      for (int start = 0, n = 0; start < objects.size(); start += perWork, n++) {
        List<Map<String, Object>> slice =
            objects.subList(start, Math.min(objects.size(), start + perWork));
        if (shape == Shape.ORRERY) {
          works.add(Unstructureds.resource(orreryShaped(cluster, "raw-" + n, slice)));
          continue;
        }
        Map<String, Object> work = new LinkedHashMap<>();
        work.put("apiVersion", "work.open-cluster-management.io/v1");
        work.put("kind", "ManifestWork");
        work.put("metadata", Map.of("name", "raw-" + n, "namespace", cluster));
        work.put("spec", Map.of("workload", Map.of("manifests", slice)));
        works.add(
            Serialization.unmarshal(Serialization.asJson(work), GenericKubernetesResource.class));
      }
    }
    return works;
  }

  /** A ManifestWork of {@code configMaps} as Orrery's transport builds it. */
  static Map<String, Object> orreryShaped(
      String cluster, String name, List<Map<String, Object>> configMaps) {
    List<ShardItem> items = new ArrayList<>();
    for (Map<String, Object> m : configMaps) {
      Map<?, ?> metadata = (Map<?, ?>) m.get("metadata");
      items.add(
          new ShardItem(
              new ObjectKey(
                  "",
                  "configmaps",
                  String.valueOf(metadata.get("namespace")),
                  String.valueOf(metadata.get("name"))),
              m,
              false));
    }
    return new ManifestWorkBuilder("raw")
        .build("raw", 1, cluster, new Shard(name, "", items, 0), Map.of());
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
