package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.placement.match.Unstructured;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orrery on WECs that joined the ITS through OCM registration (CSR, acceptance, lease-based
 * availability): they receive placements; a WEC added while Orrery runs is placed onto and one
 * removed is cleaned up; a cluster whose registration agent stops shows as unavailable in the
 * BindingPolicy's status and, in a rollout wave, fails it once the progress deadline passes.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "joined1",
          labels = {"location-group=edge", "ring=canary"}),
      @WithSpaces.Wec(
          name = "joined2",
          labels = {"location-group=edge", "ring=edge"})
    })
class ClusterRegistrationIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static LocalSpaces spaces;
  static KubernetesClient wds;
  static KubernetesClient its;
  static PlacementService placement;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    placement =
        new PlacementService(
            wds,
            its,
            PlacementService.Settings.defaults("wds1")
                .withRolloutMinimumSoak(Duration.ofSeconds(1))
                .withClustersAvailableCondition(true));
    placement.start();
  }

  @AfterAll
  static void stop() {
    if (placement != null) {
      placement.close();
    }
  }

  @Test
  void registeredWecsArePlacedOntoAndOneAddedAndOneRemovedWhileRunningToo() {
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: fleet}\n");
    config("fleet", "v1");
    apply(
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: fleet}
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - resources: [namespaces]
            objectNames: [fleet]
          - namespaces: [fleet]
            resources: [configmaps]
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(version("joined1", "fleet")).isEqualTo("v1");
              assertThat(version("joined2", "fleet")).isEqualTo("v1");
              assertThat(clustersAvailable("fleet").get("status")).isEqualTo("True");
            });

    spaces.addWec("joined3", Map.of("location-group", "edge", "ring", "core"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(version("joined3", "fleet")).isEqualTo("v1"));
    assertThat(placement.inventory())
        .extracting(InventoryCluster::name)
        .contains("joined1", "joined2", "joined3");

    spaces.removeWec("joined3");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(destinations("fleet")).containsExactlyInAnyOrder("joined1", "joined2");
              assertThat(
                      its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                          .inNamespace("joined3")
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(placement.inventory())
                  .extracting(InventoryCluster::name)
                  .doesNotContain("joined3");
            });
    config("fleet", "v2");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(version("joined1", "fleet")).isEqualTo("v2");
              assertThat(version("joined2", "fleet")).isEqualTo("v2");
            });
  }

  @Test
  void anUnavailableClusterShowsInThePolicyAndFailsItsRolloutWaveAtTheDeadline() {
    String app = "waves";
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: waves}\n");
    apply(
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: RolloutPolicy
        metadata: {name: waves}
        spec:
          bindingPolicies: {names: [waves]}
          decisionGroups:
          - {groupName: canary, groupClusterSelector: {labelSelector: {matchLabels: {ring: canary}}}}
          - {groupName: edge, groupClusterSelector: {labelSelector: {matchLabels: {ring: edge}}}}
          rolloutStrategy:
            type: ProgressivePerGroup
            progressivePerGroup: {minSuccessTime: 1s, progressDeadline: 20s, maxFailures: 0}
          onFailure: Halt
        """);
    config(app, "v1");
    apply(
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: waves}
        spec:
          clusterSelectors:
          - matchExpressions: [{key: ring, operator: In, values: [canary, edge]}]
          downsync:
          - resources: [namespaces]
            objectNames: [waves]
          - namespaces: [waves]
            resources: [configmaps]
        """);
    await().atMost(WAIT).until(() -> "Succeeded".equals(phase(app, 1)));

    spaces.stopRegistrationAgent("joined2");
    try {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Map<String, Object> c = clustersAvailable(app);
                assertThat(c.get("status")).isEqualTo("False");
                assertThat(String.valueOf(c.get("message")))
                    .contains("1 of 2")
                    .contains("joined2: ManagedClusterConditionAvailable=Unknown");
              });
      assertThat(
              placement.inventory().stream()
                  .filter(c -> c.name().equals("joined2"))
                  .findFirst()
                  .orElseThrow()
                  .unavailable())
          .isPresent();

      config(app, "v2");
      await().atMost(WAIT).until(() -> "Halted".equals(phase(app, 2)));
      Map<String, Object> status = status(revision(app, 2));
      assertThat(String.valueOf(status.get("failures")))
          .contains("joined2")
          .contains("cluster unavailable")
          .contains("progressDeadline");
      assertThat(version("joined1", app)).as("the canary wave passed").isEqualTo("v2");
    } finally {
      spaces.startRegistrationAgent("joined2");
    }
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(clustersAvailable(app).get("status")).isEqualTo("True"));
  }

  private static Map<String, Object> clustersAvailable(String policy) {
    GenericKubernetesResource p =
        wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName(policy).get();
    Object conditions =
        Unstructured.asMap(p.getAdditionalProperties().get("status")).get("conditions");
    for (Object c : (List<?>) conditions) {
      Map<String, Object> condition = Unstructured.asMap(c);
      if (ClustersAvailableCondition.TYPE.equals(condition.get("type"))) {
        return condition;
      }
    }
    return Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<String> destinations(String binding) {
    GenericKubernetesResource b =
        wds.genericKubernetesResources(Apis.BINDINGS).withName(binding).get();
    Map<String, Object> spec = Unstructured.asMap(b.getAdditionalProperties().get("spec"));
    return ((List<Object>) spec.get("destinations"))
        .stream().map(d -> (String) Unstructured.asMap(d).get("clusterId")).toList();
  }

  private static String phase(String binding, long number) {
    return (String) status(revision(binding, number)).get("phase");
  }

  private static GenericKubernetesResource revision(String binding, long number) {
    return wds.genericKubernetesResources(Apis.BINDING_REVISIONS).list().getItems().stream()
        .filter(r -> binding.equals(BindingRevisions.binding(r)))
        .filter(r -> BindingRevisions.number(r) == number)
        .findFirst()
        .orElse(null);
  }

  private static Map<String, Object> status(GenericKubernetesResource r) {
    return r == null ? Map.of() : Unstructured.asMap(r.getAdditionalProperties().get("status"));
  }

  private static String version(String wec, String namespace) {
    ConfigMap cm =
        spaces.wec(wec).space().client().configMaps().inNamespace(namespace).withName("cfg").get();
    return cm == null ? null : cm.getData().get("version");
  }

  private static void config(String namespace, String version) {
    apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg, namespace: %s}
        data: {version: %s}
        """
            .formatted(namespace, version));
  }

  private static void apply(String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }
}
