package dev.orrery.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between fabric8's generic resources and plain JSON maps. */
public final class Unstructureds {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Unstructureds() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(GenericKubernetesResource r) {
    return SERIALIZATION.convertValue(r, Map.class);
  }

  public static GenericKubernetesResource fromMap(Map<String, Object> m) {
    return SERIALIZATION.convertValue(m, GenericKubernetesResource.class);
  }

  /**
   * A JSON view of a generic resource for reading: only the metadata is converted, every other
   * field is the resource's own value (not copied), so callers must not mutate the result. Much
   * cheaper than {@link #toMap} for large objects such as ManifestWorks.
   */
  public static Map<String, Object> view(GenericKubernetesResource r) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (r.getApiVersion() != null) {
      m.put("apiVersion", r.getApiVersion());
    }
    if (r.getKind() != null) {
      m.put("kind", r.getKind());
    }
    if (r.getMetadata() != null) {
      m.put("metadata", SERIALIZATION.convertValue(r.getMetadata(), Map.class));
    }
    m.putAll(r.getAdditionalProperties());
    return m;
  }

  /**
   * A generic resource holding {@code m}'s fields: only the metadata is converted, every other
   * field is shared with {@code m}. Much cheaper than {@link #fromMap} for large objects.
   */
  public static GenericKubernetesResource resource(Map<String, Object> m) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    m.forEach(
        (key, value) -> {
          switch (key) {
            case "apiVersion" -> r.setApiVersion((String) value);
            case "kind" -> r.setKind((String) value);
            case "metadata" -> r.setMetadata(SERIALIZATION.convertValue(value, ObjectMeta.class));
            default -> r.setAdditionalProperty(key, value);
          }
        });
    return r;
  }
}
