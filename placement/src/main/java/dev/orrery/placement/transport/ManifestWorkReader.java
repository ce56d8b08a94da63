package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads back what existing ManifestWorks (as built by {@link ManifestWorkBuilder}) deliver: the
 * manifest of each object, keyed by the identity in the {@code manifestConfigs[]} entry at the same
 * index. Entries whose manifest does not agree with the identifier (namespace, name) are skipped.
 */
public final class ManifestWorkReader {

  private ManifestWorkReader() {}

  /**
   * Whether the work agent reports a ManifestWork applied at its current spec: condition {@code
   * Applied} is {@code True} with the ManifestWork's generation as observed generation. A missing
   * ManifestWork ({@code null}) is not applied.
   */
  public static boolean appliedAtGeneration(Map<String, Object> work) {
    if (work == null) {
      return false;
    }
    Object generation = Unstructured.value(work, "metadata", "generation").orElse(null);
    List<?> conditions =
        Unstructured.value(work, "status", "conditions")
            .filter(List.class::isInstance)
            .map(List.class::cast)
            .orElse(List.of());
    return conditions.stream()
        .anyMatch(
            c ->
                c instanceof Map<?, ?> m
                    && "Applied".equals(m.get("type"))
                    && "True".equals(m.get("status"))
                    && generation instanceof Number g
                    && m.get("observedGeneration") instanceof Number o
                    && g.longValue() == o.longValue());
  }

  /** The delivered manifests of the given ManifestWorks, by object key. */
  @SuppressWarnings("unchecked")
  public static Map<ObjectKey, Map<String, Object>> deliveredManifests(
      Collection<Map<String, Object>> manifestWorks) {
    Map<ObjectKey, Map<String, Object>> result = new TreeMap<>();
    for (Map<String, Object> work : manifestWorks) {
      List<?> manifests =
          Unstructured.value(work, "spec", "workload", "manifests")
              .filter(List.class::isInstance)
              .map(List.class::cast)
              .orElse(List.of());
      List<?> configs =
          Unstructured.value(work, "spec", "manifestConfigs")
              .filter(List.class::isInstance)
              .map(List.class::cast)
              .orElse(List.of());
      for (int i = 0; i < Math.min(manifests.size(), configs.size()); i++) {
        if (manifests.get(i) instanceof Map<?, ?> manifest
            && configs.get(i) instanceof Map<?, ?> config) {
          Map<String, Object> id =
              Unstructured.map((Map<String, Object>) config, "resourceIdentifier").orElse(Map.of());
          ObjectKey key =
              new ObjectKey(
                  Unstructured.string(id, "group").orElse(""),
                  Unstructured.string(id, "resource").orElse(""),
                  Unstructured.string(id, "namespace").orElse(""),
                  Unstructured.string(id, "name").orElse(""));
          Map<String, Object> m = (Map<String, Object>) manifest;
          if (key.name().equals(Unstructured.string(m, "metadata", "name").orElse(null))
              && key.namespace()
                  .equals(Unstructured.string(m, "metadata", "namespace").orElse(""))) {
            result.put(key, m);
          }
        }
      }
    }
    return Collections.unmodifiableMap(result);
  }
}
