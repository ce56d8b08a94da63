package dev.orrery.placement.binding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OCM {@code PlacementDecision} objects ({@code cluster.open-cluster-management.io/v1beta1})
 * that publish one BindingPolicy's clusters, as OCM's placement controller shapes them: named
 * {@code <policy>-decision-1}, {@code -2}, … with at most {@value #MAX_DECISIONS} clusters each
 * (sorted by name), labelled {@code cluster.open-cluster-management.io/placement=<policy>} and with
 * the default decision group ({@code decision-group-index: "0"}, {@code decision-group-name: ""}).
 * A policy that selects no cluster still has one, empty, PlacementDecision, as in OCM (and Argo
 * CD's cluster decision resource generator fails rather than returning nothing when none exists).
 */
public final class PlacementDecisionBuilder {
  public static final String API_VERSION = "cluster.open-cluster-management.io/v1beta1";
  public static final String KIND = "PlacementDecision";

  /** Names the placement (here: the BindingPolicy) a PlacementDecision belongs to. */
  public static final String PLACEMENT_LABEL = "cluster.open-cluster-management.io/placement";

  public static final String GROUP_INDEX_LABEL =
      "cluster.open-cluster-management.io/decision-group-index";
  public static final String GROUP_NAME_LABEL =
      "cluster.open-cluster-management.io/decision-group-name";

  /** OCM's limit of decisions per PlacementDecision object. */
  public static final int MAX_DECISIONS = 100;

  private static final int MAX_LABEL_VALUE = 63;

  private PlacementDecisionBuilder() {}

  /**
   * Why the policy's name cannot be published as OCM PlacementDecisions (it must be a valid label
   * value), or empty when it can.
   */
  public static Optional<String> problem(String policy) {
    if (policy.length() > MAX_LABEL_VALUE) {
      return Optional.of(
          "BindingPolicy name "
              + policy
              + " is longer than "
              + MAX_LABEL_VALUE
              + " characters, so it cannot be the value of label "
              + PLACEMENT_LABEL);
    }
    return Optional.empty();
  }

  /**
   * The PlacementDecisions for {@code policy} selecting {@code clusters} (any order, duplicates
   * ignored), in {@code namespace}, carrying {@code extraLabels} besides OCM's.
   */
  public static List<Map<String, Object>> build(
      String policy, String namespace, Map<String, String> extraLabels, List<String> clusters) {
    List<String> sorted = List.copyOf(new TreeSet<>(clusters));
    List<Map<String, Object>> out = new ArrayList<>();
    int chunks = Math.max(1, (sorted.size() + MAX_DECISIONS - 1) / MAX_DECISIONS);
    for (int i = 0; i < chunks; i++) {
      List<String> chunk =
          sorted.subList(i * MAX_DECISIONS, Math.min(sorted.size(), (i + 1) * MAX_DECISIONS));
      out.add(decision(policy, namespace, extraLabels, i + 1, chunk));
    }
    return Collections.unmodifiableList(out);
  }

  /** The name of the {@code index}-th (1-based) PlacementDecision of a policy. */
  public static String name(String policy, int index) {
    return policy + "-decision-" + index;
  }

  /** The reason written next to each selected cluster. */
  public static String reason(String policy) {
    return "selected by BindingPolicy " + policy;
  }

  private static Map<String, Object> decision(
      String policy,
      String namespace,
      Map<String, String> extraLabels,
      int index,
      List<String> clusters) {
    Map<String, String> labels = new TreeMap<>(extraLabels);
    labels.put(PLACEMENT_LABEL, policy);
    labels.put(GROUP_INDEX_LABEL, "0");
    labels.put(GROUP_NAME_LABEL, "");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name(policy, index));
    metadata.put("namespace", namespace);
    metadata.put("labels", Collections.unmodifiableMap(labels));
    List<Object> decisions = new ArrayList<>();
    for (String cluster : clusters) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("clusterName", cluster);
      d.put("reason", reason(policy));
      decisions.add(Collections.unmodifiableMap(d));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", API_VERSION);
    object.put("kind", KIND);
    object.put("metadata", Collections.unmodifiableMap(metadata));
    object.put("status", Map.of("decisions", Collections.unmodifiableList(decisions)));
    return Collections.unmodifiableMap(object);
  }
}
