package dev.orrery.placement.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutPolicySpecTest {

  @Test
  void parsesOcmShapedStrategyAndGovernsByNameOrLabel() {
    var parsed =
        RolloutPolicySpec.parse(
            Map.of(
                "bindingPolicies",
                Map.of(
                    "names", List.of("nginx"),
                    "selector", Map.of("matchLabels", Map.of("rollout", "waves"))),
                "decisionGroups",
                List.of(
                    Map.of(
                        "groupName",
                        "canary",
                        "groupClusterSelector",
                        Map.of("labelSelector", Map.of("matchLabels", Map.of("canary", "true"))))),
                "rolloutStrategy",
                Map.of(
                    "type",
                    "Progressive",
                    "progressive",
                    Map.of(
                        "mandatoryDecisionGroups", List.of(Map.of("groupName", "canary")),
                        "maxConcurrency", "50%",
                        "minSuccessTime", "30s",
                        "progressDeadline", "5m",
                        "maxFailures", 1)),
                "onFailure",
                "Rollback"));
    assertEquals(List.of(), parsed.errors());
    RolloutPolicySpec spec = parsed.value();
    RolloutStrategy s = spec.strategy();
    assertEquals(RolloutStrategy.Type.PROGRESSIVE, s.type());
    assertEquals(List.of("canary"), s.mandatoryDecisionGroups());
    assertEquals(Optional.of(new ClusterCount(50, true)), s.maxConcurrency());
    assertEquals(Duration.ofSeconds(30), s.minSuccessTime());
    assertEquals(Optional.of(Duration.ofMinutes(5)), s.progressDeadline());
    assertEquals(new ClusterCount(1, false), s.maxFailures());
    assertEquals(RolloutStrategy.OnFailure.ROLLBACK, s.onFailure());
    assertTrue(spec.governs("nginx", Map.of()));
    assertTrue(spec.governs("other", Map.of("rollout", "waves")));
    assertFalse(spec.governs("other", Map.of()));
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    var parsed =
        RolloutPolicySpec.parse(
            Map.of(
                "rolloutStrategy",
                Map.of(
                    "type",
                    "Progressive",
                    "progressive",
                    Map.of(
                        "mandatoryDecisionGroups", List.of(Map.of("groupName", "nope")),
                        "maxConcurrency", "150%",
                        "minSuccessTime", "soon")),
                "onFailure",
                "Panic",
                "healthChecks",
                List.of(Map.of("apiVersion", "x/v1", "kind", "W", "current", "self.status.("))));
    List<String> errors = parsed.errors();
    assertTrue(
        errors.stream().anyMatch(e -> e.startsWith("spec.bindingPolicies:")), errors::toString);
    assertTrue(
        errors.stream()
            .anyMatch(
                e ->
                    e.startsWith(
                        "spec.rolloutStrategy.progressive.mandatoryDecisionGroups[0].groupName")),
        errors::toString);
    assertTrue(
        errors.stream()
            .anyMatch(e -> e.startsWith("spec.rolloutStrategy.progressive.maxConcurrency")),
        errors::toString);
    assertTrue(
        errors.stream()
            .anyMatch(e -> e.startsWith("spec.rolloutStrategy.progressive.minSuccessTime")),
        errors::toString);
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("spec.onFailure")), errors::toString);
    assertTrue(
        errors.stream()
            .anyMatch(e -> e.startsWith("spec.healthChecks[0].current: CEL compile error at 1:")),
        errors::toString);
  }

  @Test
  void unknownTypeIsAnError() {
    var parsed =
        RolloutPolicySpec.parse(
            Map.of(
                "bindingPolicies", Map.of("names", List.of("p")),
                "rolloutStrategy", Map.of("type", "Canary")));
    assertEquals(
        List.of(
            "spec.rolloutStrategy.type: must be All, Progressive or ProgressivePerGroup, got 'Canary'"),
        parsed.errors());
  }
}
