package dev.orrery.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.match.WorkloadRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  static final WorkloadRef WEB = FleetMapTest.WEB;
  static final WorkloadRef CONFIG = new WorkloadRef("", "v1", "configmaps", "web", "config");

  @Test
  void aDeploymentThatExistsIsNotHealthyUntilItsReplicasAreReady() {
    Readiness starting =
        Readiness.of(
            deployment(
                true,
                true,
                Map.of(
                    "replicas",
                    2,
                    "updatedReplicas",
                    2,
                    "readyReplicas",
                    1,
                    "availableReplicas",
                    1)));
    assertThat(starting.state())
        .as("OCM says Available; the workload is not")
        .isEqualTo("Progressing");
    assertThat(starting.reason()).contains("2/2 updated, 1 available");

    assertThat(
            Readiness.of(
                deployment(
                    true,
                    true,
                    Map.of(
                        "replicas",
                        2,
                        "updatedReplicas",
                        2,
                        "readyReplicas",
                        2,
                        "availableReplicas",
                        2))))
        .isEqualTo(Readiness.READY);
    assertThat(Readiness.of(deployment(true, true, null)).state())
        .as("a workload whose status has not come back")
        .isEqualTo("Progressing");
  }

  @Test
  void aDeploymentPastItsDeadlineOrAnObjectNotAppliedIsDegraded() {
    Map<String, Object> stuck =
        Map.of(
            "replicas",
            2,
            "conditions",
            List.of(
                Map.of(
                    "type", "Progressing",
                    "status", "False",
                    "reason", "ProgressDeadlineExceeded",
                    "message", "image pull back-off")));
    Readiness failed = Readiness.of(deployment(true, true, stuck));
    assertThat(failed.state()).isEqualTo("Degraded");
    assertThat(failed.reason()).contains("progress deadline", "image pull back-off");
    assertThat(Readiness.of(deployment(false, null, null)).state()).isEqualTo("Degraded");
    assertThat(Readiness.of(deployment(true, false, null)).state()).isEqualTo("Degraded");
  }

  @Test
  void nothingReportedIsUnknownAndAKindWithoutRulesIsHealthyOnceThere() {
    assertThat(Readiness.of(deployment(null, null, null)).state()).isEqualTo("Unknown");
    PlacedObject config =
        new PlacedObject(
            "c", CONFIG, "ConfigMap", true, true, null, null, manifest("v1", "ConfigMap"), null);
    assertThat(Readiness.of(config)).isEqualTo(Readiness.READY);
  }

  @Test
  void aClustersShareIsItsWorstObject() {
    PlacedObject healthy =
        new PlacedObject(
            "c", CONFIG, "ConfigMap", true, true, null, null, manifest("v1", "ConfigMap"), null);
    PlacedObject unknown = deployment(null, null, null);
    PlacedObject progressing = deployment(true, true, null);
    PlacedObject degraded = deployment(false, null, null);

    assertThat(Readiness.of(List.of(healthy))).isEqualTo(Readiness.READY);
    assertThat(Readiness.of(List.of(unknown)).state()).isEqualTo("Unknown");
    assertThat(Readiness.of(List.of(healthy, unknown)))
        .as("delivery under way")
        .isEqualTo(
            new Readiness("Progressing", "frontend: the work agent has not reported it yet"));
    assertThat(Readiness.of(List.of(healthy, progressing, unknown)).reason())
        .startsWith("frontend: Deployment has reported no status yet");
    assertThat(Readiness.of(List.of(progressing, degraded)))
        .isEqualTo(new Readiness("Degraded", "frontend: not applied on the WEC"));
  }

  static PlacedObject deployment(Boolean applied, Boolean available, Map<String, Object> status) {
    return new PlacedObject(
        "c",
        WEB,
        "Deployment",
        applied,
        available,
        "abc",
        null,
        applied == null && available == null ? null : manifest("apps/v1", "Deployment"),
        status);
  }

  static Map<String, Object> manifest(String apiVersion, String kind) {
    Map<String, Object> m =
        new java.util.LinkedHashMap<>(
            Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", "x")));
    if (kind.equals("Deployment")) {
      m.put("spec", Map.of("replicas", 2));
    }
    return m;
  }
}
