package dev.orrery.placement.status;

import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per object, whether a WEC's work agent reports it Applied and Available, read from the {@code
 * status.resourceStatus.manifests[]} of the ManifestWorks in that WEC's mailbox.
 */
public final class ManifestConditions {
  /** Applied and Available as the agent reports them; null where it has not reported yet. */
  public record State(Boolean applied, Boolean available) {
    public static final State UNKNOWN = new State(null, null);
  }

  private ManifestConditions() {}

  public static Map<ObjectKey, State> of(Collection<Map<String, Object>> manifestWorks) {
    Map<ObjectKey, State> out = new HashMap<>();
    for (Map<String, Object> work : manifestWorks) {
      Object manifests =
          Unstructured.value(work, "status", "resourceStatus", "manifests").orElse(null);
      if (!(manifests instanceof List<?> list)) {
        continue;
      }
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> raw)) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        Map<String, String> meta = Unstructured.stringMap(m, "resourceMeta");
        ObjectKey key =
            new ObjectKey(
                meta.getOrDefault("group", ""),
                meta.getOrDefault("resource", ""),
                meta.getOrDefault("namespace", ""),
                meta.getOrDefault("name", ""));
        out.put(key, new State(condition(m, "Applied"), condition(m, "Available")));
      }
    }
    return out;
  }

  private static Boolean condition(Map<String, Object> manifest, String type) {
    if (manifest.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> cond && type.equals(cond.get("type"))) {
          return "True".equals(cond.get("status"));
        }
      }
    }
    return null;
  }
}
