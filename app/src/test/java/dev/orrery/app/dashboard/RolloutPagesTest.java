package dev.orrery.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPagesTest {
  static final GenericKubernetesResource OLD =
      revision(
          """
          apiVersion: gitops.orrery.dev/v1alpha1
          kind: BindingRevision
          metadata: {name: web-aaaaaaaaaaaa}
          spec: {binding: web, revision: 1, contentHash: aaaaaaaaaaaa}
          status: {phase: Succeeded, replacedBy: bbbbbbbbbbbb, currentWave: 3, waveCount: 3}
          """);
  static final GenericKubernetesResource WAVE_TWO =
      revision(
          """
          apiVersion: gitops.orrery.dev/v1alpha1
          kind: BindingRevision
          metadata: {name: web-bbbbbbbbbbbb}
          spec: {binding: web, revision: 2, contentHash: bbbbbbbbbbbb, sourceRevision: 4b825dc6}
          status:
            rolloutPolicy: waves
            phase: Progressing
            currentWave: 2
            waveCount: 3
            updatedClusters: 2
            totalClusters: 4
            startedAt: "2026-12-06T16:00:00Z"
            waveStartedAt: "2026-12-06T16:05:00Z"
            message: "wave 2 of 3: waiting for 1 cluster(s)"
            waves:
            - {name: canary, clusters: [cluster1]}
            - {name: edge, clusters: [cluster2]}
            - {name: core, clusters: [cluster3, cluster4]}
            clusters:
            - {name: cluster1, wave: 1, revision: bbbbbbbbbbbb, health: Healthy}
            - {name: cluster2, wave: 2, revision: bbbbbbbbbbbb, health: Progressing, reason: 0/1 ready}
            - {name: cluster3, wave: 3, revision: aaaaaaaaaaaa, health: Unknown}
            - {name: cluster4, wave: 3, revision: aaaaaaaaaaaa, health: Unknown}
            failures: [{cluster: cluster2, reason: slow}]
          """);

  @Test
  void theListShowsEachBindingPolicysCurrentRevisionWaveAndUpdatedCounts() {
    List<Map<String, Object>> rows = RolloutPages.list(List.of(OLD, WAVE_TWO));

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0))
        .containsEntry("bindingPolicy", "web")
        .containsEntry("revision", 2L)
        .containsEntry("phase", "Progressing")
        .containsEntry("wave", "2/3")
        .containsEntry("updated", "2/4")
        .containsEntry("message", "wave 2 of 3: waiting for 1 cluster(s)");
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePageGroupsClustersByWaveWithTimingsFailuresAndThePhasesActions() {
    Map<String, Object> page = RolloutPages.page("web", List.of(OLD, WAVE_TWO)).orElseThrow();

    List<Map<String, Object>> waves = (List<Map<String, Object>>) page.get("waves");
    assertThat(waves).extracting(w -> w.get("name")).containsExactly("canary", "edge", "core");
    assertThat(waves)
        .extracting(w -> w.get("state"))
        .containsExactly("passed", "current", "waiting");
    List<Map<String, Object>> core = (List<Map<String, Object>>) waves.get(2).get("clusters");
    assertThat(core).extracting(c -> c.get("name")).containsExactly("cluster3", "cluster4");
    assertThat(core.get(0))
        .containsEntry("revision", "aaaaaaaaaaaa")
        .containsEntry("current", false);
    Map<String, Object> edge2 = ((List<Map<String, Object>>) waves.get(1).get("clusters")).get(0);
    assertThat(edge2).containsEntry("health", "Progressing").containsEntry("current", true);
    assertThat(page.get("timings"))
        .isEqualTo(
            Map.of("startedAt", "2026-12-06T16:00:00Z", "waveStartedAt", "2026-12-06T16:05:00Z"));
    assertThat(page.get("failures"))
        .isEqualTo(List.of(Map.of("cluster", "cluster2", "reason", "slow")));
    assertThat(page.get("actions")).isEqualTo(List.of("pause", "promote", "abort"));
    assertThat(page.get("contentHash")).isEqualTo("bbbbbbbbbbbb");
  }

  @Test
  void aBindingPolicyWithoutRevisionsHasNoPageAndAFinishedRolloutNoActions() {
    assertThat(RolloutPages.page("api", List.of(OLD, WAVE_TWO))).isEmpty();
    GenericKubernetesResource done =
        revision(
            """
            apiVersion: gitops.orrery.dev/v1alpha1
            kind: BindingRevision
            metadata: {name: api-cccccccccccc}
            spec: {binding: api, revision: 1, contentHash: cccccccccccc}
            status: {phase: Succeeded, currentWave: 1, waveCount: 1, completedAt: "2026-12-06T16:09:00Z",
                     clusters: [{name: c1, wave: 1, revision: cccccccccccc, health: Healthy}]}
            """);
    Map<String, Object> page = RolloutPages.page("api", List.of(done)).orElseThrow();
    assertThat(page.get("actions")).isEqualTo(List.of());
    assertThat(page.get("timings")).isEqualTo(Map.of("completedAt", "2026-12-06T16:09:00Z"));
    assertThat(page.get("waves").toString()).contains("state=passed");
  }

  private static GenericKubernetesResource revision(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }
}
