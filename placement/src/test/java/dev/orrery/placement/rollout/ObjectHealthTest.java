package dev.orrery.placement.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectHealthTest {
  private static final Map<String, Object> DEPLOYMENT =
      Map.of("apiVersion", "apps/v1", "kind", "Deployment", "spec", Map.of("replicas", 2));

  @Test
  void deploymentIsHealthyOnlyWhenEveryDesiredReplicaIsUpdatedAvailableAndNoOldOnesAreLeft() {
    assertEquals(Health.State.PROGRESSING, ObjectHealth.of(DEPLOYMENT, null, List.of()).state());
    assertEquals(
        Health.State.PROGRESSING,
        ObjectHealth.of(
                DEPLOYMENT,
                Map.of(
                    "replicas", 3,
                    "updatedReplicas", 2,
                    "readyReplicas", 3,
                    "availableReplicas", 3),
                List.of())
            .state(),
        "an old replica is still there");
    assertEquals(
        Health.HEALTHY,
        ObjectHealth.of(
            DEPLOYMENT,
            Map.of("replicas", 2, "updatedReplicas", 2, "readyReplicas", 2, "availableReplicas", 2),
            List.of()));
  }

  @Test
  void deploymentPastItsProgressDeadlineHasFailed() {
    Health h =
        ObjectHealth.of(
            DEPLOYMENT,
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type", "Progressing",
                        "status", "False",
                        "reason", "ProgressDeadlineExceeded",
                        "message", "ReplicaSet web-1 has timed out progressing."))),
            List.of());
    assertEquals(Health.State.FAILED, h.state());
    assertTrue(h.reason().contains("timed out"));
  }

  @Test
  void jobCompleteOrFailed() {
    Map<String, Object> job = Map.of("apiVersion", "batch/v1", "kind", "Job");
    assertEquals(
        Health.HEALTHY,
        ObjectHealth.of(
            job,
            Map.of("conditions", List.of(Map.of("type", "Complete", "status", "True"))),
            List.of()));
    assertEquals(
        Health.State.FAILED,
        ObjectHealth.of(
                job,
                Map.of("conditions", List.of(Map.of("type", "Failed", "status", "True"))),
                List.of())
            .state());
  }

  @Test
  void aConfigMapIsHealthyOnceItExists() {
    assertEquals(
        Health.HEALTHY,
        ObjectHealth.of(Map.of("apiVersion", "v1", "kind", "ConfigMap"), null, List.of()));
  }

  @Test
  void customKindsFollowTheirCelRule() {
    var spec =
        RolloutPolicySpec.parse(
                Map.of(
                    "bindingPolicies",
                    Map.of("names", List.of("p")),
                    "healthChecks",
                    List.of(
                        Map.of(
                            "apiVersion", "example.com/v1",
                            "kind", "Widget",
                            "current", "self.status.phase == 'Ready' && self.spec.size > 0",
                            "failed", "self.status.phase == 'Broken'"))))
            .value();
    Map<String, Object> widget =
        Map.of("apiVersion", "example.com/v1", "kind", "Widget", "spec", Map.of("size", 1));
    assertEquals(
        Health.HEALTHY, ObjectHealth.of(widget, Map.of("phase", "Ready"), spec.healthChecks()));
    assertEquals(
        Health.State.FAILED,
        ObjectHealth.of(widget, Map.of("phase", "Broken"), spec.healthChecks()).state());
    assertEquals(
        Health.State.PROGRESSING,
        ObjectHealth.of(widget, null, spec.healthChecks()).state(),
        "no status: the expression cannot hold");
  }
}
