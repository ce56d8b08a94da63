package dev.orrery.placement.rollout;

import dev.orrery.placement.match.Cluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders a Binding's destination clusters into waves.
 *
 * <ul>
 *   <li>Each cluster belongs to the first decision group whose selector it matches; clusters in no
 *       group form a last, implicit group named {@value #REST}.
 *   <li>{@code All}: one wave of every cluster.
 *   <li>{@code Progressive}: each mandatory group is a wave of its own, in the order listed; then
 *       the other clusters (group order, then name) in waves of {@code maxConcurrency} (all of them
 *       in one wave when it is not set).
 *   <li>{@code ProgressivePerGroup}: mandatory groups first, then every other group in order, each
 *       a wave, or several of at most {@code maxConcurrency} clusters.
 * </ul>
 *
 * Within a wave, clusters are sorted by name, and a split group's parts are named {@code name-1},
 * {@code name-2}, ... Empty groups make no wave. The plan depends only on the clusters and their
 * labels, so it is the same after a restart.
 */
public final class WavePlanner {
  /** The implicit group of clusters no decision group selects. */
  public static final String REST = "default";

  private WavePlanner() {}

  public static List<Wave> plan(RolloutStrategy strategy, List<Cluster> destinations) {
    List<Cluster> sorted = new ArrayList<>(destinations);
    sorted.sort(Comparator.comparing(Cluster::name));
    if (sorted.isEmpty()) {
      return List.of();
    }
    if (strategy.type() == RolloutStrategy.Type.ALL) {
      return List.of(new Wave("all", names(sorted)));
    }
    Map<String, List<String>> byGroup = new LinkedHashMap<>();
    strategy.groups().forEach(g -> byGroup.put(g.name(), new ArrayList<>()));
    byGroup.put(REST, new ArrayList<>());
    for (Cluster c : sorted) {
      String group =
          strategy.groups().stream()
              .filter(g -> g.clusterSelector().matches(c.labels()))
              .map(DecisionGroup::name)
              .findFirst()
              .orElse(REST);
      byGroup.get(group).add(c.name());
    }
    List<Wave> waves = new ArrayList<>();
    for (String mandatory : strategy.mandatoryDecisionGroups()) {
      List<String> clusters = byGroup.remove(mandatory);
      if (clusters != null && !clusters.isEmpty()) {
        waves.add(new Wave(mandatory, clusters));
      }
    }
    int total = sorted.size();
    if (strategy.type() == RolloutStrategy.Type.PROGRESSIVE) {
      List<String> rest = new ArrayList<>();
      byGroup.values().forEach(rest::addAll);
      waves.addAll(split("progressive", rest, strategy, total));
    } else {
      byGroup.forEach((group, clusters) -> waves.addAll(split(group, clusters, strategy, total)));
    }
    return List.copyOf(waves);
  }

  private static List<Wave> split(
      String name, List<String> clusters, RolloutStrategy strategy, int total) {
    if (clusters.isEmpty()) {
      return List.of();
    }
    int size =
        strategy.maxConcurrency().map(c -> Math.max(1, c.of(total, true))).orElse(clusters.size());
    if (size >= clusters.size()) {
      return List.of(new Wave(name, clusters));
    }
    List<Wave> parts = new ArrayList<>();
    for (int from = 0, part = 1; from < clusters.size(); from += size, part++) {
      parts.add(
          new Wave(
              name + "-" + part, clusters.subList(from, Math.min(clusters.size(), from + size))));
    }
    return parts;
  }

  private static List<String> names(List<Cluster> clusters) {
    return clusters.stream().map(Cluster::name).toList();
  }
}
