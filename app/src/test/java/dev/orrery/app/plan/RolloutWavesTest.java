package dev.orrery.app.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.rollout.Wave;
import dev.orrery.renderer.DesiredObject;
import dev.orrery.renderer.MapSourceTree;
import dev.orrery.renderer.RenderRequest;
import dev.orrery.renderer.Renderer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutWavesTest {
  static final List<Cluster> CLUSTERS =
      List.of(
          new Cluster(
              "cluster1", Map.of("location-group", "edge", "rollout-group", "canary"), Map.of()),
          new Cluster("cluster2", Map.of("location-group", "edge"), Map.of()),
          new Cluster("cluster3", Map.of("location-group", "core"), Map.of()),
          new Cluster("cluster4", Map.of("location-group", "core"), Map.of()));

  static final String POLICIES =
      """
      apiVersion: control.kubestellar.io/v1alpha1
      kind: BindingPolicy
      metadata: {name: everywhere, labels: {rollout: waves}}
      spec:
        clusterSelectors: [{}]
        downsync: [{objectSelectors: [{matchLabels: {app: x}}]}]
      ---
      apiVersion: control.kubestellar.io/v1alpha1
      kind: BindingPolicy
      metadata: {name: ungoverned}
      spec:
        clusterSelectors: [{}]
        downsync: [{objectSelectors: [{matchLabels: {app: y}}]}]
      """;

  static String rolloutPolicy(String name, String type) {
    return """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: RolloutPolicy
        metadata: {name: %s}
        spec:
          bindingPolicies: {selector: {matchLabels: {rollout: waves}}}
          decisionGroups:
          - groupName: canary
            groupClusterSelector: {labelSelector: {matchLabels: {rollout-group: canary}}}
          - groupName: edge
            groupClusterSelector: {labelSelector: {matchLabels: {location-group: edge}}}
          - groupName: core
            groupClusterSelector: {labelSelector: {matchLabels: {location-group: core}}}
          rolloutStrategy:
            type: %s
            progressivePerGroup:
              mandatoryDecisionGroups: [{groupName: canary}]
        """
        .formatted(name, type);
  }

  static List<DesiredObject> render(String... documents) {
    return new Renderer()
        .render(
            new RenderRequest(
                MapSourceTree.of(Map.of("all.yaml", String.join("---\n", documents))),
                List.of(),
                "default"))
        .objects();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String yaml) {
    return Serialization.unmarshal(yaml, Map.class);
  }

  @Test
  void aGovernedPolicyGetsItsWavesAndAnUngovernedOneNone() {
    RolloutWaves.Result result =
        RolloutWaves.of(
            render(POLICIES, rolloutPolicy("waves", "ProgressivePerGroup")), CLUSTERS, List.of());

    assertThat(result.policies()).hasSize(1);
    RolloutWaves.PolicyWaves waves = result.policies().get(0);
    assertThat(waves.bindingPolicy()).isEqualTo("everywhere");
    assertThat(waves.rolloutPolicy()).isEqualTo("waves");
    assertThat(waves.from()).isEqualTo("repository");
    assertThat(waves.waves())
        .containsExactly(
            new Wave("canary", List.of("cluster1")),
            new Wave("edge", List.of("cluster2")),
            new Wave("core", List.of("cluster3", "cluster4")));
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void aRolloutPolicyOfTheWdsCountsUnlessTheRepositoryReplacesIt() {
    RolloutWaves.Result fromWds =
        RolloutWaves.of(render(POLICIES), CLUSTERS, List.of(object(rolloutPolicy("waves", "All"))));
    RolloutWaves.Result replaced =
        RolloutWaves.of(
            render(POLICIES, rolloutPolicy("waves", "ProgressivePerGroup")),
            CLUSTERS,
            List.of(object(rolloutPolicy("waves", "All"))));

    assertThat(fromWds.policies().get(0).from()).isEqualTo("WDS");
    assertThat(fromWds.policies().get(0).waves())
        .containsExactly(new Wave("all", List.of("cluster1", "cluster2", "cluster3", "cluster4")));
    assertThat(replaced.policies().get(0).from()).isEqualTo("repository");
    assertThat(replaced.policies().get(0).waves()).hasSize(3);
  }

  @Test
  void theFirstValidRolloutPolicyByNameGovernsAndAnInvalidOneIsNoted() {
    RolloutWaves.Result result =
        RolloutWaves.of(
            render(
                POLICIES, rolloutPolicy("b-waves", "All"), rolloutPolicy("a-broken", "Sideways")),
            CLUSTERS,
            List.of());

    assertThat(result.policies().get(0).rolloutPolicy()).isEqualTo("b-waves");
    assertThat(result.notes())
        .singleElement()
        .asString()
        .startsWith("RolloutPolicy a-broken (repository) governs nothing, its spec is invalid:")
        .contains("spec.rolloutStrategy.type");
  }

  @Test
  void withoutARolloutPolicyNothingIsGoverned() {
    assertThat(RolloutWaves.of(render(POLICIES), CLUSTERS, List.of()))
        .isEqualTo(new RolloutWaves.Result(List.of(), List.of()));
  }
}
