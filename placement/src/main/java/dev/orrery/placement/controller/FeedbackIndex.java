package dev.orrery.placement.controller;

import dev.orrery.placement.match.ObjectKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status each WEC returned for each object, from ManifestWork status feedback (the whole
 * {@code .status} as raw JSON), keyed by (object, cluster): same-named objects in different
 * namespaces or groups never collide.
 */
final class FeedbackIndex {
  private final Map<ObjectKey, Map<String, Map<String, Object>>> byObject = new ConcurrentHashMap<>();
  private final Map<String, Set<ObjectKey>> byWork = new ConcurrentHashMap<>();

  /** Records a ManifestWork's feedback (null = deleted); returns the objects whose reported status changed. */
  synchronized Set<ObjectKey> update(String cluster, String workName, GenericKubernetesResource work) {
    String workKey = cluster + "/" + workName;
    Set<ObjectKey> changed = new HashSet<>();
    Map<ObjectKey, Map<String, Object>> now = work == null ? Map.of() : feedback(work);
    Set<ObjectKey> before = byWork.getOrDefault(workKey, Set.of());
    for (ObjectKey gone : before) {
      if (!now.containsKey(gone)) {
        Map<String, Map<String, Object>> perCluster = byObject.get(gone);
        if (perCluster != null && perCluster.remove(cluster) != null) {
          changed.add(gone);
        }
      }
    }
    now.forEach((key, status) -> {
      Map<String, Object> old = byObject.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(cluster, status);
      if (!Objects.equals(old, status)) {
        changed.add(key);
      }
    });
    if (now.isEmpty()) {
      byWork.remove(workKey);
    } else {
      byWork.put(workKey, Set.copyOf(now.keySet()));
    }
    return changed;
  }

  /** Cluster name → reported status of one object. */
  Map<String, Map<String, Object>> reported(ObjectKey key) {
    return Map.copyOf(byObject.getOrDefault(key, Map.of()));
  }

  @SuppressWarnings("unchecked")
  static Map<ObjectKey, Map<String, Object>> feedback(GenericKubernetesResource work) {
    Map<ObjectKey, Map<String, Object>> out = new HashMap<>();
    Map<String, Object> status = Unstructureds.map(work.getAdditionalProperties().get("status"));
    Object manifests = Unstructureds.map(status.get("resourceStatus")).get("manifests");
    if (!(manifests instanceof List<?> list)) {
      return out;
    }
    for (Object o : list) {
      Map<String, Object> m = Unstructureds.map(o);
      Map<String, Object> meta = Unstructureds.map(m.get("resourceMeta"));
      Object values = Unstructureds.map(m.get("statusFeedback")).get("values");
      if (!(values instanceof List<?> vs)) {
        continue;
      }
      for (Object v : vs) {
        Map<String, Object> value = Unstructureds.map(v);
        Map<String, Object> field = Unstructureds.map(value.get("fieldValue"));
        if ("status".equals(value.get("name")) && field.get("jsonRaw") instanceof String raw) {
          ObjectKey key = new ObjectKey(str(meta.get("group")), str(meta.get("resource")), str(meta.get("namespace")), str(meta.get("name")));
          out.put(key, Serialization.unmarshal(raw, Map.class));
        }
      }
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
