package dev.orrery.placement.match;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small helpers for reading and copying JSON-decoded object trees ({@code Map}/{@code
 * List}/scalars).
 */
public final class Unstructured {

  private Unstructured() {}

  /** {@code o} as a JSON object, or an empty one when it is absent or not an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** Returns the map at {@code path} below {@code root}, or empty when absent or not a map. */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> map(Map<String, Object> root, String... path) {
    Object current = root;
    for (String segment : path) {
      if (!(current instanceof Map)) {
        return Optional.empty();
      }
      current = ((Map<String, Object>) current).get(segment);
    }
    return current instanceof Map ? Optional.of((Map<String, Object>) current) : Optional.empty();
  }

  /** Returns the value at {@code path} below {@code root}, or empty when absent. */
  @SuppressWarnings("unchecked")
  public static Optional<Object> value(Map<String, Object> root, String... path) {
    Object current = root;
    for (String segment : path) {
      if (!(current instanceof Map)) {
        return Optional.empty();
      }
      current = ((Map<String, Object>) current).get(segment);
    }
    return Optional.ofNullable(current);
  }

  /**
   * Returns the string at {@code path} below {@code root}, or empty when absent or not a string.
   */
  public static Optional<String> string(Map<String, Object> root, String... path) {
    return value(root, path).filter(String.class::isInstance).map(String.class::cast);
  }

  /**
   * Returns the string-to-string map at {@code path} (labels, annotations, ConfigMap data); entries
   * whose value is not a string are skipped. Absent gives an empty map.
   */
  public static Map<String, String> stringMap(Map<String, Object> root, String... path) {
    Map<String, String> result = new LinkedHashMap<>();
    map(root, path)
        .ifPresent(
            m ->
                m.forEach(
                    (k, v) -> {
                      if (v instanceof String s) {
                        result.put(k, s);
                      }
                    }));
    return Collections.unmodifiableMap(result);
  }

  /**
   * Deep-copies a JSON-decoded tree into fresh mutable {@link LinkedHashMap}s and {@link
   * ArrayList}s.
   */
  @SuppressWarnings("unchecked")
  public static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> copy.put(k, deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object item : l) {
        copy.add(deepCopy(item));
      }
      return copy;
    }
    return value;
  }

  /** Deep-copies a JSON-decoded object into fresh mutable maps and lists. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> deepCopyMap(Map<String, Object> value) {
    return (Map<String, Object>) deepCopy(value);
  }

  /** Deep-copies a JSON-decoded tree into unmodifiable maps (insertion order kept) and lists. */
  @SuppressWarnings("unchecked")
  public static Object immutableCopy(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> copy.put(k, immutableCopy(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object item : l) {
        copy.add(immutableCopy(item));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /**
   * A short description of a JSON-decoded value for error messages, e.g. {@code the string "x"}.
   */
  public static String describe(Object raw) {
    if (raw == null) {
      return "null";
    }
    if (raw instanceof Map) {
      return "an object";
    }
    if (raw instanceof List) {
      return "a list";
    }
    if (raw instanceof String s) {
      return "the string \"" + s + "\"";
    }
    return raw.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + raw;
  }
}
