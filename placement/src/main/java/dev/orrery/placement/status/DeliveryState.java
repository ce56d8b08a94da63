package dev.orrery.placement.status;

import dev.orrery.placement.match.Unstructured;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the ManifestWorks delivering to one cluster are doing, from the OCM work agent's conditions.
 * Per work: {@code Degraded} when a current {@code Degraded=True}, {@code Applied=False} or {@code
 * Available=False} is reported; {@code Progressing} when {@code Applied} or {@code Available} is
 * missing or older than the work's generation, or {@code Progressing=True}; otherwise {@code
 * Available}. Several works: the worst ({@code Degraded} over {@code Progressing} over {@code
 * Available}); no work at all: {@code Unknown}.
 */
public enum DeliveryState {
  AVAILABLE("Available"),
  PROGRESSING("Progressing"),
  DEGRADED("Degraded"),
  UNKNOWN("Unknown");

  private final String apiName;

  DeliveryState(String apiName) {
    this.apiName = apiName;
  }

  /** The spelling used in APIs and templates, e.g. {@code Available}. */
  public String apiName() {
    return apiName;
  }

  /** The combined state of JSON-decoded ManifestWorks. */
  public static DeliveryState of(Collection<Map<String, Object>> works) {
    if (works.isEmpty()) {
      return UNKNOWN;
    }
    DeliveryState combined = AVAILABLE;
    for (Map<String, Object> work : works) {
      DeliveryState s = ofOne(work);
      if (s == DEGRADED) {
        return DEGRADED;
      }
      if (s == PROGRESSING) {
        combined = PROGRESSING;
      }
    }
    return combined;
  }

  private static DeliveryState ofOne(Map<String, Object> work) {
    long generation = number(Unstructured.asMap(work.get("metadata")).get("generation")).orElse(0L);
    Object raw = Unstructured.asMap(work.get("status")).get("conditions");
    List<?> conditions = raw instanceof List<?> l ? l : List.of();
    Optional<Map<String, Object>> degraded = condition(conditions, "Degraded");
    Optional<Map<String, Object>> applied = condition(conditions, "Applied");
    Optional<Map<String, Object>> available = condition(conditions, "Available");
    Optional<Map<String, Object>> progressing = condition(conditions, "Progressing");
    if (is(degraded, "True") && !stale(degraded.get(), generation)) {
      return DEGRADED;
    }
    if (applied.isEmpty()
        || available.isEmpty()
        || stale(applied.get(), generation)
        || stale(available.get(), generation)) {
      return PROGRESSING;
    }
    if (is(applied, "False") || is(available, "False")) {
      return DEGRADED;
    }
    return is(progressing, "True") ? PROGRESSING : AVAILABLE;
  }

  private static boolean stale(Map<String, Object> condition, long generation) {
    return number(condition.get("observedGeneration")).map(g -> g < generation).orElse(false);
  }

  private static boolean is(Optional<Map<String, Object>> condition, String status) {
    return condition.map(c -> status.equals(c.get("status"))).orElse(false);
  }

  private static Optional<Map<String, Object>> condition(List<?> conditions, String type) {
    for (Object o : conditions) {
      Map<String, Object> c = Unstructured.asMap(o);
      if (type.equals(c.get("type"))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static Optional<Long> number(Object o) {
    return o instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
  }
}
