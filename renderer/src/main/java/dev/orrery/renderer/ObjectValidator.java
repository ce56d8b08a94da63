package dev.orrery.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a document is a Kubernetes object: {@code apiVersion}, {@code kind}, {@code
 * metadata.name}.
 */
final class ObjectValidator {

  private ObjectValidator() {}

  /** Why {@code object} is not a valid Kubernetes object, or empty when it is. */
  static Optional<String> problem(Map<String, Object> object) {
    List<String> missing = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    check(object, "apiVersion", "apiVersion", missing, wrong);
    check(object, "kind", "kind", missing, wrong);
    Object metadata = object.get("metadata");
    if (metadata == null) {
      missing.add("metadata.name");
    } else if (metadata instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      check(fields, "name", "metadata.name", missing, wrong);
      Object namespace = fields.get("namespace");
      if (namespace != null && !(namespace instanceof String)) {
        wrong.add("metadata.namespace must be a string");
      }
    } else {
      wrong.add("metadata must be a mapping");
    }
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("object is missing " + String.join(", ", missing));
    }
    parts.addAll(wrong);
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
  }

  private static void check(
      Map<String, Object> fields,
      String key,
      String label,
      List<String> missing,
      List<String> wrong) {
    Object value = fields.get(key);
    if (value == null || "".equals(value)) {
      missing.add(label);
    } else if (!(value instanceof String)) {
      wrong.add(label + " must be a string");
    }
  }
}
