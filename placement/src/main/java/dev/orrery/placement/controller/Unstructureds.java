package dev.orrery.placement.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/** Conversions between fabric8's generic resources and plain JSON maps. */
final class Unstructureds {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Unstructureds() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> toMap(GenericKubernetesResource r) {
    return SERIALIZATION.convertValue(r, Map.class);
  }

  static GenericKubernetesResource fromMap(Map<String, Object> m) {
    return SERIALIZATION.convertValue(m, GenericKubernetesResource.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
