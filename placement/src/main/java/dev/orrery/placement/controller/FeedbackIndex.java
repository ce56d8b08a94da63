package dev.orrery.placement.controller;

import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
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
 * The status each WEC returned for each object, keyed by (object, cluster): same-named objects in
 * different namespaces or groups never collide. Two sources feed it: ManifestWork status feedback
 * (the whole {@code .status} as raw JSON), and KubeStellar WorkStatus objects where a status add-on
 * writes them; for one (object, cluster), a WorkStatus wins over feedback.
 *
 * <p>Feedback is kept as the raw JSON the work agent returned, the very string the ManifestWork
 * cache holds (so it costs no second copy), and parsed when read: a fleet's returned status is its
 * largest state, and it is read far less often than it is held.
 */
final class FeedbackIndex {
  /** Object → cluster → the raw JSON of its returned {@code .status}. */
  private final Map<ObjectKey, Map<String, String>> byObject = new ConcurrentHashMap<>();

  private final Map<String, Set<ObjectKey>> byWork = new ConcurrentHashMap<>();
  private final Map<ObjectKey, Map<String, Map<String, Object>>> fromWorkStatus =
      new ConcurrentHashMap<>();
  private final Map<String, ObjectKey> byWorkStatus = new ConcurrentHashMap<>();

  /** Equal WorkStatus content (often the same on many clusters) is held once. */
  private final ContentInterner interner = new ContentInterner();

  /**
   * Records a ManifestWork's feedback (null = deleted); returns the objects whose reported status
   * changed.
   */
  synchronized Set<ObjectKey> update(
      String cluster, String workName, GenericKubernetesResource work) {
    String workKey = cluster + "/" + workName;
    Set<ObjectKey> changed = new HashSet<>();
    Map<ObjectKey, String> now = work == null ? Map.of() : rawFeedback(work);
    Set<ObjectKey> before = byWork.getOrDefault(workKey, Set.of());
    for (ObjectKey gone : before) {
      if (!now.containsKey(gone)) {
        Map<String, String> perCluster = byObject.get(gone);
        if (perCluster != null && perCluster.remove(cluster) != null) {
          changed.add(gone);
        }
      }
    }
    now.forEach(
        (key, status) -> {
          String old =
              byObject.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(cluster, status);
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

  /**
   * Records a WorkStatus in a cluster's mailbox (null = deleted): the object it names and the
   * status it carries. Returns the objects whose reported status changed.
   */
  synchronized Set<ObjectKey> updateWorkStatus(
      String cluster, String name, WorkStatusRecord record) {
    String statusKey = cluster + "/" + name;
    Set<ObjectKey> changed = new HashSet<>();
    ObjectKey before = byWorkStatus.get(statusKey);
    if (before != null && (record == null || !before.equals(record.object()))) {
      Map<String, Object> was = reportedBy(before, cluster);
      forgetWorkStatus(before, cluster);
      byWorkStatus.remove(statusKey);
      if (!Objects.equals(was, reportedBy(before, cluster))) {
        changed.add(before);
      }
    }
    if (record != null) {
      Map<String, Object> was = reportedBy(record.object(), cluster);
      if (record.status() == null) {
        forgetWorkStatus(record.object(), cluster);
      } else {
        fromWorkStatus
            .computeIfAbsent(record.object(), k -> new ConcurrentHashMap<>())
            .put(cluster, interned(record.status()));
      }
      byWorkStatus.put(statusKey, record.object());
      if (!Objects.equals(was, reportedBy(record.object(), cluster))) {
        changed.add(record.object());
      }
    }
    return changed;
  }

  /**
   * Forgets every WorkStatus (their CRD went away); returns the objects whose reported status
   * changed.
   */
  synchronized Set<ObjectKey> clearWorkStatuses() {
    Set<ObjectKey> changed = new HashSet<>(fromWorkStatus.keySet());
    fromWorkStatus.clear();
    byWorkStatus.clear();
    return changed;
  }

  /** Cluster name → reported status of one object. */
  Map<String, Map<String, Object>> reported(ObjectKey key) {
    Map<String, Map<String, Object>> out = new HashMap<>();
    byObject.getOrDefault(key, Map.of()).forEach((cluster, raw) -> out.put(cluster, parse(raw)));
    out.putAll(fromWorkStatus.getOrDefault(key, Map.of()));
    return Map.copyOf(out);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> interned(Map<String, Object> status) {
    return (Map<String, Object>) interner.intern(status);
  }

  private void forgetWorkStatus(ObjectKey key, String cluster) {
    Map<String, Map<String, Object>> perCluster = fromWorkStatus.get(key);
    if (perCluster != null) {
      perCluster.remove(cluster);
    }
  }

  private Map<String, Object> reportedBy(ObjectKey key, String cluster) {
    Map<String, Object> viaWorkStatus = fromWorkStatus.getOrDefault(key, Map.of()).get(cluster);
    if (viaWorkStatus != null) {
      return viaWorkStatus;
    }
    String raw = byObject.getOrDefault(key, Map.of()).get(cluster);
    return raw == null ? null : parse(raw);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String raw) {
    return Serialization.unmarshal(raw, Map.class);
  }

  /** Object → the {@code .status} a ManifestWork's agent returned for it, parsed. */
  static Map<ObjectKey, Map<String, Object>> feedback(GenericKubernetesResource work) {
    Map<ObjectKey, Map<String, Object>> out = new HashMap<>();
    rawFeedback(work).forEach((key, raw) -> out.put(key, parse(raw)));
    return out;
  }

  /** Object → the raw JSON of the {@code .status} a ManifestWork's agent returned for it. */
  private static Map<ObjectKey, String> rawFeedback(GenericKubernetesResource work) {
    Map<ObjectKey, String> out = new HashMap<>();
    Map<String, Object> status = Unstructured.asMap(work.getAdditionalProperties().get("status"));
    Object manifests = Unstructured.asMap(status.get("resourceStatus")).get("manifests");
    if (!(manifests instanceof List<?> list)) {
      return out;
    }
    for (Object o : list) {
      Map<String, Object> m = Unstructured.asMap(o);
      Map<String, Object> meta = Unstructured.asMap(m.get("resourceMeta"));
      Object values = Unstructured.asMap(m.get("statusFeedback")).get("values");
      if (!(values instanceof List<?> vs)) {
        continue;
      }
      for (Object v : vs) {
        Map<String, Object> value = Unstructured.asMap(v);
        Map<String, Object> field = Unstructured.asMap(value.get("fieldValue"));
        if ("status".equals(value.get("name")) && field.get("jsonRaw") instanceof String raw) {
          ObjectKey key =
              new ObjectKey(
                  str(meta.get("group")),
                  str(meta.get("resource")),
                  str(meta.get("namespace")),
                  str(meta.get("name")));
          out.put(key, raw);
        }
      }
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
