package dev.orrery.placement.compare;

import dev.orrery.placement.controller.Apis;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one system delivers to one cluster, normalised so that two systems' deliveries compare:
 * every manifest of the cluster's ManifestWorks by {@code apiVersion kind namespace/name}, without
 * the fields that differ between any two WDSes ({@code metadata.creationTimestamp}), with its
 * update strategy from {@code manifestConfigs} added as {@code _updateStrategy}. A field set to
 * null and a field left out compare equal, in list elements too (the API server decodes both to the
 * default: KubeStellar's Service cleaning writes {@code nodePort: null}, Orrery's leaves it out).
 */
final class DeliveredManifests {
  private DeliveredManifests() {}

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> of(KubernetesClient its, String cluster) {
    Map<String, Map<String, Object>> byKey = new TreeMap<>();
    for (GenericKubernetesResource w :
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inNamespace(cluster)
            .list()
            .getItems()) {
      Map<String, Object> spec = (Map<String, Object>) w.getAdditionalProperties().get("spec");
      if (spec == null) {
        continue;
      }
      Map<String, String> strategies = new LinkedHashMap<>();
      for (Object c : (List<Object>) spec.getOrDefault("manifestConfigs", List.of())) {
        Map<String, Object> config = (Map<String, Object>) c;
        Map<String, Object> id = (Map<String, Object>) config.get("resourceIdentifier");
        Map<String, Object> strategy = (Map<String, Object>) config.get("updateStrategy");
        if (id != null && strategy != null) {
          strategies.put(
              id.getOrDefault("group", "")
                  + " "
                  + id.getOrDefault("namespace", "")
                  + "/"
                  + id.get("name"),
              String.valueOf(strategy.get("type")));
        }
      }
      Map<String, Object> workload = (Map<String, Object>) spec.get("workload");
      if (workload == null) {
        continue;
      }
      for (Object o : (List<Object>) workload.getOrDefault("manifests", List.of())) {
        Map<String, Object> m = deepCopy((Map<String, Object>) o);
        Map<String, Object> md = (Map<String, Object>) m.getOrDefault("metadata", Map.of());
        md.remove("creationTimestamp");
        String apiVersion = String.valueOf(m.get("apiVersion"));
        String group =
            apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String ns = String.valueOf(md.getOrDefault("namespace", ""));
        String name = String.valueOf(md.get("name"));
        m.put(
            "_updateStrategy", strategies.getOrDefault(group + " " + ns + "/" + name, "(default)"));
        byKey.put(apiVersion + " " + m.get("kind") + " " + ns + "/" + name, m);
      }
    }
    return byKey;
  }

  /**
   * Differences that are deliberate, each listed in docs/placement.md: Orrery asks the work agent
   * for server-side apply where KubeStellar leaves OCM's default update strategy; a template that
   * cannot expand on some clusters (d1, d3) withholds only that object there in Orrery, while
   * KubeStellar withdraws the whole Binding everywhere (so d2 gets {@code tmpl-zone} from Orrery
   * only).
   */
  static boolean deliberate(String difference) {
    return difference.endsWith("._updateStrategy Orrery=ServerSideApply KubeStellar=(default)")
        || difference.equals("d2: only Orrery delivers v1 ConfigMap diff-a/tmpl-zone");
  }

  /** The differences between two clusters' deliveries, one line each; empty when equal. */
  static List<String> differences(
      String cluster,
      Map<String, Map<String, Object>> orrery,
      Map<String, Map<String, Object>> ks) {
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(orrery.keySet());
    keys.addAll(ks.keySet());
    for (String k : keys) {
      if (!ks.containsKey(k)) {
        out.add(cluster + ": only Orrery delivers " + k);
      } else if (!orrery.containsKey(k)) {
        out.add(cluster + ": only KubeStellar delivers " + k);
      } else {
        List<String> paths = new ArrayList<>();
        diff("", orrery.get(k), ks.get(k), paths);
        for (String p : paths) {
          out.add(cluster + ": " + k + ": " + p);
        }
      }
    }
    return out;
  }

  private static void diff(String path, Object a, Object b, List<String> out) {
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      TreeSet<String> keys = new TreeSet<>();
      ma.keySet().forEach(x -> keys.add(String.valueOf(x)));
      mb.keySet().forEach(x -> keys.add(String.valueOf(x)));
      for (String k : keys) {
        diff(path + "." + k, ma.get(k), mb.get(k), out);
      }
    } else if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
      for (int i = 0; i < la.size(); i++) {
        diff(path + "[" + i + "]", la.get(i), lb.get(i), out);
      }
    } else if (!Objects.equals(a, b)) {
      out.add(path + " Orrery=" + a + " KubeStellar=" + b);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> copy = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> copy.put(k, v instanceof Map<?, ?> mv ? deepCopy((Map<String, Object>) mv) : v));
    return copy;
  }
}
