package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.binding.PlacementDecisionBuilder;
import dev.orrery.placement.binding.PlacementDecisionPlan;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * OCM PlacementDecisions on real spaces follow BindingPolicies and cluster labels, as Argo CD's
 * cluster decision resource generator expects them; and objects Argo CD applies into the WDS
 * (server-side apply, field manager {@code argocd-controller}) are placed like any other.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"location-group=edge", "name=cluster1"}),
      @WithSpaces.Wec(
          name = "cluster2",
          labels = {"location-group=edge", "name=cluster2"}),
      @WithSpaces.Wec(
          name = "cluster3",
          labels = {"location-group=core", "name=cluster3"})
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlacementDecisionIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String NAMESPACE = "argocd";
  static LocalSpaces spaces;
  static PlacementService placement;
  static KubernetesClient wds;
  static KubernetesClient its;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    placement =
        new PlacementService(
            wds, its, PlacementService.Settings.defaults("wds1").withPlacementDecisions(NAMESPACE));
    placement.start();
  }

  @AfterAll
  static void stop() {
    if (placement != null) {
      placement.close();
    }
  }

  @Test
  @Order(1)
  void aPolicyOverTwoOfThreeClustersIsPublishedAsOnePlacementDecision() {
    applyPolicy("edge", "location-group: edge");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(decidedClusters("edge")).containsExactly("cluster1", "cluster2"));
    assertThat(its.namespaces().withName(NAMESPACE).get()).isNotNull();
    GenericKubernetesResource decision = decisions("edge").get(0);
    assertThat(decision.getMetadata().getName()).isEqualTo("edge-decision-1");
    assertThat(decision.getMetadata().getLabels())
        .containsEntry(PlacementDecisionBuilder.PLACEMENT_LABEL, "edge")
        .containsEntry(PlacementDecisionBuilder.GROUP_INDEX_LABEL, "0")
        .containsEntry(PlacementDecisionBuilder.GROUP_NAME_LABEL, "")
        .containsEntry(Apis.WDS_NAME_LABEL, "wds1");
    assertThat(Unstructureds.toMap(decision).get("status"))
        .isEqualTo(
            Map.of(
                "decisions",
                List.of(
                    Map.of("clusterName", "cluster1", "reason", "selected by BindingPolicy edge"),
                    Map.of(
                        "clusterName", "cluster2", "reason", "selected by BindingPolicy edge"))));
    assertThat(placement.policyPlacement("edge"))
        .get()
        .satisfies(p -> assertThat(p.clusters()).containsExactly("cluster1", "cluster2"));
  }

  @Test
  @Order(2)
  void decisionsFollowClusterRelabelling() {
    label("cluster3", "location-group", "edge");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(decidedClusters("edge"))
                    .containsExactly("cluster1", "cluster2", "cluster3"));
    label("cluster1", "location-group", "core");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(decidedClusters("edge")).containsExactly("cluster2", "cluster3"));
  }

  @Test
  @Order(3)
  void decisionsFollowPolicyEdits() {
    applyPolicy("edge", "name: cluster1");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(decidedClusters("edge")).containsExactly("cluster1"));
    applyPolicy("edge", "location-group: nowhere");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(decisions("edge"))
                  .singleElement()
                  .satisfies(
                      d ->
                          assertThat(Unstructureds.toMap(d).get("status"))
                              .isEqualTo(Map.of("decisions", List.of())));
            });
    String settled = decisions("edge").get(0).getMetadata().getResourceVersion();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> decisions("edge").get(0).getMetadata().getResourceVersion().equals(settled));
  }

  @Test
  @Order(4)
  void aDecisionChangedBySomeoneElseIsRestored() {
    applyPolicy("edge", "name: cluster2");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(decidedClusters("edge")).containsExactly("cluster2"));
    its.genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
        .inNamespace(NAMESPACE)
        .withName("edge-decision-1")
        .editStatus(
            d -> {
              d.getAdditionalProperties()
                  .put(
                      "status",
                      Map.of(
                          "decisions",
                          List.of(Map.of("clusterName", "cluster3", "reason", "tampered"))));
              return d;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(decidedClusters("edge")).containsExactly("cluster2"));
  }

  @Test
  @Order(5)
  void moreThanOneHundredClustersSpreadOverSeveralDecisionsAndShrinkBack() {
    List<String> bulk =
        IntStream.range(0, 120).mapToObj(i -> String.format("bulk-%03d", i)).toList();
    bulk.forEach(name -> its.resource(managedCluster(name)).fieldManager("test").serverSideApply());
    applyPolicy("bulk", "fleet: bulk");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<GenericKubernetesResource> decisions = decisions("bulk");
              assertThat(decisions)
                  .extracting(d -> d.getMetadata().getName())
                  .containsExactly("bulk-decision-1", "bulk-decision-2");
              assertThat(decisions)
                  .extracting(d -> clustersOf(List.of(d)).size())
                  .containsExactly(100, 20);
              assertThat(decidedClusters("bulk")).isEqualTo(bulk);
            });
    bulk.subList(90, 120)
        .forEach(
            name -> its.genericKubernetesResources(Apis.MANAGED_CLUSTERS).withName(name).delete());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(decisions("bulk"))
                  .extracting(d -> d.getMetadata().getName())
                  .containsExactly("bulk-decision-1");
              assertThat(decidedClusters("bulk")).isEqualTo(bulk.subList(0, 90));
            });
    bulk.subList(0, 90)
        .forEach(
            name -> its.genericKubernetesResources(Apis.MANAGED_CLUSTERS).withName(name).delete());
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("bulk").delete();
  }

  @Test
  @Order(6)
  void deletingThePolicyDeletesItsDecisionsAndStaleOnesGoToo() {
    its.resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion(PlacementDecisionBuilder.API_VERSION)
                .withKind(PlacementDecisionBuilder.KIND)
                .withNewMetadata()
                .withName("gone-decision-1")
                .withNamespace(NAMESPACE)
                .withLabels(
                    Map.of(
                        PlacementDecisionBuilder.PLACEMENT_LABEL,
                        "gone",
                        Apis.WDS_NAME_LABEL,
                        "wds1"))
                .endMetadata()
                .build())
        .fieldManager("test")
        .serverSideApply();
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("edge").delete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(decisions("edge")).isEmpty();
              assertThat(decisions("gone")).isEmpty();
              assertThat(decisions("bulk")).isEmpty();
            });
  }

  @Test
  @Order(7)
  void objectsArgoCdAppliesIntoTheWdsArePlacedLikeAnyOther() {
    argoCdApply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: guestbook
          labels: {app.kubernetes.io/instance: guestbook}
        """);
    argoCdApply(guestbookConfigMap("blue"));
    applyPolicy(
        "guestbook",
        "location-group: edge",
        """
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/instance: guestbook}
        """);
    List<String> edge = List.of("cluster2", "cluster3");
    for (String cluster : edge) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(colourOn(cluster)).isEqualTo("blue"));
    }
    assertThat(colourOn("cluster1")).isNull();
    ConfigMap inWds = wds.configMaps().inNamespace("guestbook").withName("guestbook-ui").get();
    assertThat(inWds.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .contains("argocd-controller");

    argoCdApply(guestbookConfigMap("green"));
    for (String cluster : edge) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(colourOn(cluster)).isEqualTo("green"));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(placement.delivery("cluster2", "guestbook").state().apiName())
                    .isEqualTo("Available"));
    assertThat(decidedClusters("guestbook")).isEqualTo(edge);
  }

  @Test
  @Order(8)
  void anItsWithoutThePlacementDecisionCrdStillPlaces() {
    placement.close();
    its.apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("placementdecisions.cluster.open-cluster-management.io")
        .delete();
    await()
        .atMost(WAIT)
        .until(
            () ->
                its.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("placementdecisions.cluster.open-cluster-management.io")
                        .get()
                    == null);
    placement =
        new PlacementService(
            wds, its, PlacementService.Settings.defaults("wds1").withPlacementDecisions(NAMESPACE));
    placement.start();
    applyPolicy(
        "guestbook-cluster1",
        "name: cluster1",
        """
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/instance: guestbook}
        """);
    await().atMost(WAIT).untilAsserted(() -> assertThat(colourOn("cluster1")).isEqualTo("green"));
  }

  private static String guestbookConfigMap(String colour) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: guestbook-ui
          namespace: guestbook
          labels: {app.kubernetes.io/instance: guestbook}
          annotations: {argocd.argoproj.io/tracking-id: "guestbook:/ConfigMap:guestbook/guestbook-ui"}
        data: {colour: %s}
        """
        .formatted(colour);
  }

  /**
   * As Argo CD's application controller writes with {@code syncOptions: [ServerSideApply=true]}.
   */
  private static void argoCdApply(String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager("argocd-controller").forceConflicts().serverSideApply();
  }

  private static String colourOn(String cluster) {
    ConfigMap cm =
        spaces
            .wec(cluster)
            .space()
            .client()
            .configMaps()
            .inNamespace("guestbook")
            .withName("guestbook-ui")
            .get();
    return cm == null || cm.getData() == null ? null : cm.getData().get("colour");
  }

  private static void applyPolicy(String name, String matchLabels) {
    applyPolicy(
        name,
        matchLabels,
        """
          - objectSelectors:
            - matchLabels: {orrery.dev/test: selects-nothing}
        """);
  }

  private static void applyPolicy(String name, String matchLabels, String downsync) {
    String yaml =
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: %s
        spec:
          clusterSelectors:
          - matchLabels: {%s}
          downsync:
        %s"""
            .formatted(name, matchLabels, downsync);
    wds.resource((HasMetadata) Serialization.unmarshal(yaml))
        .fieldManager("kubectl")
        .forceConflicts()
        .serverSideApply();
  }

  private static GenericKubernetesResource managedCluster(String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("cluster.open-cluster-management.io/v1")
        .withKind("ManagedCluster")
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("fleet", "bulk"))
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("hubAcceptsClient", true))
        .build();
  }

  private static void label(String cluster, String key, String value) {
    its.genericKubernetesResources(Apis.MANAGED_CLUSTERS)
        .withName(cluster)
        .edit(
            mc -> {
              mc.getMetadata().getLabels().put(key, value);
              return mc;
            });
  }

  private static List<GenericKubernetesResource> decisions(String policy) {
    return its
        .genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
        .inNamespace(NAMESPACE)
        .withLabel(PlacementDecisionBuilder.PLACEMENT_LABEL, policy)
        .list()
        .getItems()
        .stream()
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
        .toList();
  }

  private static List<String> decidedClusters(String policy) {
    return clustersOf(decisions(policy));
  }

  private static List<String> clustersOf(List<GenericKubernetesResource> decisions) {
    return PlacementDecisionPlan.clusters(decisions.stream().map(Unstructureds::toMap).toList());
  }
}
