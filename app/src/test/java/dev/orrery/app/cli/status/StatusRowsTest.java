package dev.orrery.app.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusRowsTest {

  @Test
  void aGitSourceRowComesFromItsReadyConditionAndLastAppliedRevision() {
    SourceState s =
        StatusRows.source(
            object(
                """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata: {name: fleet, namespace: team-a}
        status:
          lastAppliedRevision: 0123456789abcdef0123
          conditions:
          - {type: Stalled, status: "False", reason: Fine}
          - {type: Ready, status: "True", reason: Applied, message: "applied revision 0123456789ab: 3 changed"}
        """));

    assertThat(s)
        .isEqualTo(
            new SourceState(
                "team-a",
                "fleet",
                "True",
                "Applied",
                "0123456789abcdef0123",
                "applied revision 0123456789ab: 3 changed"));
    assertThat(s.key()).isEqualTo("team-a/fleet");
  }

  @Test
  void aGitSourceWithoutStatusHasNullsNotGuesses() {
    SourceState s =
        StatusRows.source(
            object(
                """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata: {name: new, namespace: default}
        spec: {url: https://example.com/x.git}
        """));

    assertThat(s).isEqualTo(new SourceState("default", "new", null, null, null, null));
  }

  @Test
  void aBindingPolicyRowHasOrrerysCountsAndReady() {
    PolicyState p =
        StatusRows.policy(
            object(
                """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: nginx}
        status:
          selectedClusterCount: 2
          selectedObjectCount: 5
          conditions: [{type: Ready, status: "False", reason: Waiting}]
        """));

    assertThat(p).isEqualTo(new PolicyState("nginx", 2, 5, "False"));
  }

  @Test
  void aBindingPolicyWithoutStatusHasNullCounts() {
    assertThat(
            StatusRows.policy(
                object(
                    """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: fresh}
        """)))
        .isEqualTo(new PolicyState("fresh", null, null, null));
  }

  @Test
  void aClusterHoldsOnlyTheWorksOfItsOwnNamespaceSortedByName() {
    GenericKubernetesResource cluster =
        object(
            """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata:
          name: cluster1
          labels: {name: cluster1, location-group: edge}
        status:
          conditions: [{type: ManagedClusterConditionAvailable, status: "True"}]
        """);
    List<GenericKubernetesResource> works =
        List.of(
            work("cluster1", "b-work", 2, "True", "True"),
            work("cluster2", "elsewhere", 1, "True", "True"),
            work("cluster1", "a-work", 1, null, null));

    ClusterState c = StatusRows.cluster(cluster, works);

    assertThat(c.name()).isEqualTo("cluster1");
    assertThat(c.available()).isEqualTo("True");
    assertThat(c.labels())
        .containsExactly(Map.entry("location-group", "edge"), Map.entry("name", "cluster1"));
    assertThat(c.works())
        .containsExactly(
            new WorkState("a-work", 1, null, null, null),
            new WorkState("b-work", 2, "True", "True", null));
  }

  @Test
  void aWorkThatFailedToApplyCarriesTheFailingConditionsMessage() {
    GenericKubernetesResource w =
        object(
            """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: broken, namespace: cluster1}
        spec: {workload: {manifests: [{kind: ConfigMap}]}}
        status:
          conditions:
          - {type: Available, status: "True", message: all there}
          - {type: Applied, status: "False", message: "Failed to apply manifest: forbidden"}
        """);

    assertThat(StatusRows.work(w))
        .isEqualTo(
            new WorkState("broken", 1, "False", "True", "Failed to apply manifest: forbidden"));
  }

  @Test
  void aWorkAppliedButNotAvailableCarriesTheAvailableMessage() {
    GenericKubernetesResource w =
        object(
            """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: waiting, namespace: cluster1}
        spec: {workload: {manifests: []}}
        status:
          conditions:
          - {type: Applied, status: "True", message: applied}
          - {type: Available, status: "Unknown", message: "1 of 2 resources are not available"}
        """);

    assertThat(StatusRows.work(w))
        .isEqualTo(
            new WorkState("waiting", 0, "True", "Unknown", "1 of 2 resources are not available"));
  }

  @Test
  void aWorkWhoseChangeTheAgentHasNotAcknowledgedSaysSinceWhen() {
    GenericKubernetesResource w =
        object(
            """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata:
          name: late
          namespace: cluster1
          generation: 3
          managedFields:
          - {manager: orrery, operation: Apply, time: "2026-12-06T17:00:00Z"}
        spec: {workload: {manifests: []}}
        status:
          conditions:
          - {type: Applied, status: "True", observedGeneration: 2, message: applied}
          - {type: Available, status: "True", observedGeneration: 2, message: all there}
        """);

    assertThat(StatusRows.work(w, java.time.Instant.parse("2026-12-06T17:00:20Z")).message())
        .as("within the grace")
        .isNull();
    assertThat(StatusRows.work(w, java.time.Instant.parse("2026-12-06T17:05:00Z")).message())
        .isEqualTo(
            "stale since 2026-12-06T17:00:00Z: the work agent has not acknowledged generation 3");
  }

  private static GenericKubernetesResource work(
      String cluster, String name, int manifests, String applied, String available) {
    StringBuilder yaml =
        new StringBuilder(
            """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: %s, namespace: %s}
        spec: {workload: {manifests: [%s]}}
        """
                .formatted(
                    name,
                    cluster,
                    String.join(", ", Collections.nCopies(manifests, "{kind: ConfigMap}"))));
    if (applied != null) {
      yaml.append(
          "status: {conditions: [{type: Applied, status: \"%s\"}, {type: Available, status: \"%s\"}]}\n"
              .formatted(applied, available));
    }
    return object(yaml.toString());
  }

  static GenericKubernetesResource object(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }
}
