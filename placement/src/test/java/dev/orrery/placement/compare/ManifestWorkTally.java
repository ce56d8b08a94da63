package dev.orrery.placement.compare;

import dev.orrery.placement.controller.Apis;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What the ManifestWorks of one ITS carry, kept up to date from a watch: per ManifestWork, how many
 * of its manifests pass each of two tests ("placed" and "changed"). Read by the benchmark to see
 * when a fan-out or a change has reached every ManifestWork, without listing them.
 */
final class ManifestWorkTally implements AutoCloseable {
  private record Counts(int placed, int changed) {}

  private final Map<String, Counts> byWork = new ConcurrentHashMap<>();
  private final SharedIndexInformer<GenericKubernetesResource> informer;
  private volatile Predicate<Map<String, Object>> placed = m -> false;
  private volatile Predicate<Map<String, Object>> changed = m -> false;

  ManifestWorkTally(KubernetesClient its) {
    informer =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource w) {
                    count(w);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource before, GenericKubernetesResource w) {
                    count(w);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource w, boolean unknown) {
                    byWork.remove(key(w));
                  }
                });
  }

  /** Counts from now on (and recounts what is held) with these tests of one manifest. */
  void track(Predicate<Map<String, Object>> placed, Predicate<Map<String, Object>> changed) {
    this.placed = placed;
    this.changed = changed;
    informer.getStore().list().forEach(this::count);
  }

  long placed() {
    return byWork.values().stream().mapToLong(Counts::placed).sum();
  }

  long changed() {
    return byWork.values().stream().mapToLong(Counts::changed).sum();
  }

  int works() {
    return informer.getStore().list().size();
  }

  @SuppressWarnings("unchecked")
  private void count(GenericKubernetesResource w) {
    Object spec = w.getAdditionalProperties().get("spec");
    int p = 0;
    int c = 0;
    if (spec instanceof Map<?, ?> s && s.get("workload") instanceof Map<?, ?> workload) {
      Object manifests = workload.get("manifests");
      if (manifests instanceof List<?> list) {
        for (Object m : list) {
          if (m instanceof Map<?, ?> manifest) {
            Map<String, Object> mm = (Map<String, Object>) manifest;
            p += placed.test(mm) ? 1 : 0;
            c += changed.test(mm) ? 1 : 0;
          }
        }
      }
    }
    byWork.put(key(w), new Counts(p, c));
  }

  private static String key(GenericKubernetesResource w) {
    return w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
  }

  @Override
  public void close() {
    informer.close();
  }
}
