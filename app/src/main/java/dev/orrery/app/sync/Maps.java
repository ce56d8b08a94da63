package dev.orrery.app.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for unstructured objects ({@code Map<String, Object>} trees decoded from YAML/JSON). */
public final class Maps {
  private Maps() {}

  /** A mutable deep copy that keeps key order. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> deepCopy(Map<String, ?> source) {
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach((k, v) -> copy.put(k, copyValue(v)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return deepCopy((Map<String, ?>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(e -> out.add(copyValue(e)));
      return out;
    }
    return v;
  }

  /** The mutable child map at {@code key}, created when absent or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> child(Map<String, Object> parent, String key) {
    Object v = parent.get(key);
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    parent.put(key, created);
    return created;
  }
}
