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
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
class PlacementDecisionIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String NAMESPACE = "argocd";
  static final String DECISION_CRD = "placementdecisions.cluster.open-cluster-management.io";
  static LocalSpaces spaces;
  static PlacementService placement;
  static KubernetesClient wds;
  static KubernetesClient its;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    startPlacement();
  }

  @AfterAll
  static void stop() {
    if (placement != null) {
      placement.close();
    }
  }

  /** Every test starts from the clusters as the class declares them: two edge, one core. */
  @BeforeEach
  void clustersAsDeclared() {
    label("cluster1", "location-group", "edge");
    label("cluster2", "location-group", "edge");
    label("cluster3", "location-group", "core");
  }

  @Test
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
  void decisionsFollowClusterRelabelling() {
    applyPolicy("relabel", "location-group: edge");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(decidedClusters("relabel")).containsExactly("cluster1", "cluster2"));
    label("cluster3", "location-group", "edge");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(decidedClusters("relabel"))
                    .containsExactly("cluster1", "cluster2", "cluster3"));
    label("cluster1", "location-group", "core");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(decidedClusters("relabel")).containsExactly("cluster2", "cluster3"));
  }

  @Test
  void decisionsFollowPolicyEdits() {
    applyPolicy("edits", "name: cluster1");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(decidedClusters("edits")).containsExactly("cluster1"));
    applyPolicy("edits", "location-group: nowhere");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(decisions("edits"))
                  .singleElement()
                  .satisfies(
                      d ->
                          assertThat(Unstructureds.toMap(d).get("status"))
                              .isEqualTo(Map.of("decisions", List.of())));
            });
    String settled = decisions("edits").get(0).getMetadata().getResourceVersion();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> decisions("edits").get(0).getMetadata().getResourceVersion().equals(settled));
  }

  @Test
  void aDecisionChangedBySomeoneElseIsRestored() {
    applyPolicy("restored", "name: cluster2");
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(decidedClusters("restored")).containsExactly("cluster2"));
    its.genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
        .inNamespace(NAMESPACE)
        .withName("restored-decision-1")
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
        .untilAsserted(() -> assertThat(decidedClusters("restored")).containsExactly("cluster2"));
  }

  @Test
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
    await().atMost(WAIT).untilAsserted(() -> assertThat(decisions("bulk")).isEmpty());
  }

  @Test
  void deletingThePolicyDeletesItsDecisionsAndStaleOnesGoToo() {
    applyPolicy("deleted", "location-group: edge");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(decidedClusters("deleted")).containsExactly("cluster1", "cluster2"));
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
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("deleted").delete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(decisions("deleted")).isEmpty();
              assertThat(decisions("gone")).isEmpty();
            });
  }

  @Test
  void objectsArgoCdAppliesIntoTheWdsArePlacedLikeAnyOther() {
    String app = "guestbook";
    argoCdApplyGuestbook(app, "blue");
    applyPolicy(app, "location-group: edge", selecting(app));
    List<String> edge = List.of("cluster1", "cluster2");
    for (String cluster : edge) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(colourOn(cluster, app)).isEqualTo("blue"));
    }
    assertThat(colourOn("cluster3", app)).isNull();
    ConfigMap inWds = wds.configMaps().inNamespace(app).withName("guestbook-ui").get();
    assertThat(inWds.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .contains("argocd-controller");

    argoCdApply(guestbookConfigMap(app, "green"));
    for (String cluster : edge) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(colourOn(cluster, app)).isEqualTo("green"));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(placement.delivery("cluster2", app).state().apiName())
                    .isEqualTo("Available"));
    assertThat(decidedClusters(app)).isEqualTo(edge);
  }

  /**
   * Takes the PlacementDecision CRD away for a service started without it, then puts both back as
   * they were for the other tests.
   */
  @Test
  void anItsWithoutThePlacementDecisionCrdStillPlaces() {
    String app = "guestbook-nocrd";
    argoCdApplyGuestbook(app, "green");
    CustomResourceDefinition crd =
        its.apiextensions().v1().customResourceDefinitions().withName(DECISION_CRD).get();
    placement.close();
    its.apiextensions().v1().customResourceDefinitions().withName(DECISION_CRD).delete();
    try {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  its.apiextensions().v1().customResourceDefinitions().withName(DECISION_CRD).get()
                      == null);
      startPlacement();
      applyPolicy(app, "name: cluster1", selecting(app));
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(colourOn("cluster1", app)).isEqualTo("green"));
    } finally {
      placement.close();
      restore(crd);
      startPlacement();
    }
  }

  private static void startPlacement() {
    placement =
        new PlacementService(
            wds, its, PlacementService.Settings.defaults("wds1").withPlacementDecisions(NAMESPACE));
    placement.start();
  }

  /** Creates {@code crd} again as it was read, and waits until it is established. */
  private static void restore(CustomResourceDefinition crd) {
    crd.getMetadata().setResourceVersion(null);
    crd.getMetadata().setUid(null);
    crd.getMetadata().setCreationTimestamp(null);
    crd.getMetadata().setManagedFields(null);
    crd.setStatus(null);
    its.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                its
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(DECISION_CRD)
                    .get()
                    .getStatus()
                    .getConditions()
                    .stream()
                    .anyMatch(
                        c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
  }

  /** Namespace {@code app} and ConfigMap {@code app/guestbook-ui}, as Argo CD applies them. */
  private static void argoCdApplyGuestbook(String app, String colour) {
    argoCdApply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels: {app.kubernetes.io/instance: %s}
        """
            .formatted(app, app));
    argoCdApply(guestbookConfigMap(app, colour));
  }

  private static String selecting(String app) {
    return """
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/instance: %s}
        """
        .formatted(app);
  }

  private static String guestbookConfigMap(String app, String colour) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: guestbook-ui
          namespace: %s
          labels: {app.kubernetes.io/instance: %s}
          annotations: {argocd.argoproj.io/tracking-id: "%s:/ConfigMap:%s/guestbook-ui"}
        data: {colour: %s}
        """
        .formatted(app, app, app, app, colour);
  }

  /**
   * As Argo CD's application controller writes with {@code syncOptions: [ServerSideApply=true]}.
   */
  private static void argoCdApply(String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager("argocd-controller").forceConflicts().serverSideApply();
  }

  private static String colourOn(String cluster, String app) {
    ConfigMap cm =
        spaces
            .wec(cluster)
            .space()
            .client()
            .configMaps()
            .inNamespace(app)
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
