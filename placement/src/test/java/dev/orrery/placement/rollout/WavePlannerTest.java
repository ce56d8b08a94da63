package dev.orrery.placement.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.Parsed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WavePlannerTest {
  private static final List<Cluster> FLEET =
      List.of(
          cluster("e3", "edge"),
          cluster("c1", "canary"),
          cluster("e1", "edge"),
          cluster("k2", "core"),
          cluster("e2", "edge"),
          cluster("k1", "core"),
          cluster("x1", "lab"));

  private static Cluster cluster(String name, String group) {
    return new Cluster(name, Map.of("ring", group), Map.of());
  }

  private static RolloutStrategy strategy(String yamlishType, Map<String, Object> config) {
    Map<String, Object> spec =
        Map.of(
            "bindingPolicies", Map.of("names", List.of("p")),
            "decisionGroups", List.of(group("canary"), group("edge"), group("core")),
            "rolloutStrategy", Map.of("type", yamlishType, typeField(yamlishType), config));
    Parsed<RolloutPolicySpec> parsed = RolloutPolicySpec.parse(spec);
    assertEquals(List.of(), parsed.errors());
    return parsed.value().strategy();
  }

  private static String typeField(String type) {
    return switch (type) {
      case "Progressive" -> "progressive";
      case "ProgressivePerGroup" -> "progressivePerGroup";
      default -> "all";
    };
  }

  private static Map<String, Object> group(String name) {
    return Map.of(
        "groupName",
        name,
        "groupClusterSelector",
        Map.of("labelSelector", Map.of("matchLabels", Map.of("ring", name))));
  }

  @Test
  void allIsOneWaveOfEveryClusterByName() {
    assertEquals(
        List.of(new Wave("all", List.of("c1", "e1", "e2", "e3", "k1", "k2", "x1"))),
        WavePlanner.plan(strategy("All", Map.of()), FLEET));
  }

  @Test
  void perGroupMakesAWaveOfEachGroupInOrderThenTheUngroupedOnes() {
    assertEquals(
        List.of(
            new Wave("canary", List.of("c1")),
            new Wave("edge", List.of("e1", "e2", "e3")),
            new Wave("core", List.of("k1", "k2")),
            new Wave(WavePlanner.REST, List.of("x1"))),
        WavePlanner.plan(strategy("ProgressivePerGroup", Map.of()), FLEET));
  }

  @Test
  void perGroupSplitsAGroupLargerThanMaxConcurrency() {
    assertEquals(
        List.of(
            new Wave("canary", List.of("c1")),
            new Wave("edge-1", List.of("e1", "e2")),
            new Wave("edge-2", List.of("e3")),
            new Wave("core", List.of("k1", "k2")),
            new Wave(WavePlanner.REST, List.of("x1"))),
        WavePlanner.plan(strategy("ProgressivePerGroup", Map.of("maxConcurrency", 2)), FLEET));
  }

  @Test
  void progressiveRunsMandatoryGroupsFirstThenTheRestInChunksOfAPercentRoundedUp() {
    // 30% of 7 clusters = 2.1 -> 3 at a time.
    assertEquals(
        List.of(
            new Wave("core", List.of("k1", "k2")),
            new Wave("progressive-1", List.of("c1", "e1", "e2")),
            new Wave("progressive-2", List.of("e3", "x1"))),
        WavePlanner.plan(
            strategy(
                "Progressive",
                Map.of(
                    "mandatoryDecisionGroups",
                    List.of(Map.of("groupName", "core")),
                    "maxConcurrency",
                    "30%")),
            FLEET));
  }

  @Test
  void aClusterBelongsToTheFirstGroupThatSelectsItAndEmptyGroupsMakeNoWave() {
    List<Cluster> two = List.of(cluster("a", "edge"), cluster("b", "edge"));
    assertEquals(
        List.of(new Wave("edge", List.of("a", "b"))),
        WavePlanner.plan(strategy("ProgressivePerGroup", Map.of()), two));
    assertEquals(List.of(), WavePlanner.plan(strategy("ProgressivePerGroup", Map.of()), List.of()));
  }
}
