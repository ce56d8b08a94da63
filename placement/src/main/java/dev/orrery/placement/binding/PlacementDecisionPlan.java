package dev.orrery.placement.binding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The writes that make one policy's stored PlacementDecisions equal the desired ones (see {@link
 * PlacementDecisionBuilder}); empty when they already are, so a controller writes only on change.
 *
 * @param objectWrites desired objects that are missing or lack one of the desired labels (apply the
 *     object)
 * @param statusWrites desired objects whose {@code status.decisions} differ (apply the status
 *     subresource)
 * @param deletions names of stored PlacementDecisions that are no longer wanted
 */
public record PlacementDecisionPlan(
    List<Map<String, Object>> objectWrites,
    List<Map<String, Object>> statusWrites,
    List<String> deletions) {

  /** Copies the lists. */
  public PlacementDecisionPlan {
    objectWrites = List.copyOf(objectWrites);
    statusWrites = List.copyOf(statusWrites);
    deletions = List.copyOf(deletions);
  }

  /** Compares {@code desired} with the {@code stored} objects (JSON-decoded) of the same policy. */
  public static PlacementDecisionPlan of(
      List<Map<String, Object>> desired, List<Map<String, Object>> stored) {
    Map<String, Map<String, Object>> byName = new HashMap<>();
    for (Map<String, Object> s : stored) {
      byName.put(name(s), s);
    }
    List<Map<String, Object>> objectWrites = new ArrayList<>();
    List<Map<String, Object>> statusWrites = new ArrayList<>();
    Set<String> wanted = new HashSet<>();
    for (Map<String, Object> d : desired) {
      wanted.add(name(d));
      Map<String, Object> s = byName.get(name(d));
      if (s == null || !hasLabels(s, labels(d))) {
        objectWrites.add(d);
      }
      if (s == null || SpecComparison.needsWrite(decisions(s), decisions(d))) {
        statusWrites.add(d);
      }
    }
    List<String> deletions =
        stored.stream()
            .map(PlacementDecisionPlan::name)
            .filter(n -> !wanted.contains(n))
            .sorted()
            .toList();
    return new PlacementDecisionPlan(objectWrites, statusWrites, deletions);
  }

  /** Whether nothing needs writing. */
  public boolean isEmpty() {
    return objectWrites.isEmpty() && statusWrites.isEmpty() && deletions.isEmpty();
  }

  /**
   * The clusters named by {@code status.decisions[].clusterName} of JSON-decoded
   * PlacementDecisions, in order.
   */
  public static List<String> clusters(List<Map<String, Object>> decisions) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> d : decisions) {
      if (decisions(d) instanceof List<?> list) {
        for (Object entry : list) {
          if (entry instanceof Map<?, ?> m && m.get("clusterName") instanceof String name) {
            out.add(name);
          }
        }
      }
    }
    return out;
  }

  private static boolean hasLabels(Map<String, Object> stored, Map<?, ?> wanted) {
    Map<?, ?> actual = labels(stored);
    return wanted.entrySet().stream()
        .allMatch(e -> Objects.equals(actual.get(e.getKey()), e.getValue()));
  }

  private static Map<?, ?> labels(Map<String, Object> object) {
    return metadata(object).get("labels") instanceof Map<?, ?> m ? m : Map.of();
  }

  private static Object decisions(Map<String, Object> object) {
    return object.get("status") instanceof Map<?, ?> status ? status.get("decisions") : null;
  }

  private static Map<?, ?> metadata(Map<String, Object> object) {
    return object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
  }

  private static String name(Map<String, Object> object) {
    return String.valueOf(metadata(object).get("name"));
  }
}
