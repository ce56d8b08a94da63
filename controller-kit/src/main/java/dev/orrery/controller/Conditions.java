package dev.orrery.controller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes-style status conditions of Orrery's objects (GitSource, BindingPolicy); {@code
 * lastTransitionTime} moves only when a condition's status changes, so rewriting the same state
 * changes nothing.
 */
public final class Conditions {
  private Conditions() {}

  public static Map<String, Object> condition(
      String type, boolean status, String reason, String message, long generation) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status ? "True" : "False");
    c.put("observedGeneration", generation);
    c.put("reason", reason);
    c.put("message", message.length() > 1024 ? message.substring(0, 1021) + "..." : message);
    return c;
  }

  /**
   * Merges {@code desired} into {@code previous}, keeping transition times of unchanged statuses.
   */
  public static List<Map<String, Object>> merge(
      Object previous, List<Map<String, Object>> desired) {
    return merge(previous, desired, Instant.now());
  }

  /** {@link #merge(Object, List)} with a changed status transitioning at {@code at}. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> merge(
      Object previous, List<Map<String, Object>> desired, Instant at) {
    List<Map<String, Object>> before =
        previous instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    String now = at.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> c : desired) {
      Map<String, Object> merged = new LinkedHashMap<>(c);
      Map<String, Object> old =
          before.stream()
              .filter(b -> Objects.equals(b.get("type"), c.get("type")))
              .findFirst()
              .orElse(null);
      merged.put(
          "lastTransitionTime",
          old != null
                  && Objects.equals(old.get("status"), c.get("status"))
                  && old.get("lastTransitionTime") != null
              ? old.get("lastTransitionTime")
              : now);
      out.add(merged);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> find(Object conditions, String type) {
    if (conditions instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && type.equals(m.get("type"))) {
          return (Map<String, Object>) m;
        }
      }
    }
    return null;
  }
}
