package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.placement.match.Unstructured;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * KubeStellar placement end to end: WDS objects and BindingPolicies → ManifestWorks → OCM work
 * agents → WECs, and status back.
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
class PlacementIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static LocalSpaces spaces;
  static PlacementService placement;
  static KubernetesClient wds;
  static KubernetesClient its;
  static SimpleMeterRegistry metrics;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    metrics = new SimpleMeterRegistry();
    placement = new PlacementService(wds, its, PlacementService.Settings.defaults("wds1"), metrics);
    placement.start();
  }

  @AfterAll
  static void stop() {
    if (placement != null) {
      placement.close();
    }
  }

  @Test
  @Order(10)
  void seedScenarioRunsTheDeploymentOnBothEdgeClusters() {
    apply(
        wds,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: myapp
          labels: {app.kubernetes.io/name: myapp}
        """);
    apply(wds, deployment(3));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: myapp-edge
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/name: myapp}
        """);
    for (String cluster : List.of("cluster1", "cluster2")) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(available(cluster)).isEqualTo(3));
    }
    assertThat(deploymentOn("cluster3")).isNull();
    GenericKubernetesResource binding =
        wds.genericKubernetesResources(Apis.BINDINGS).withName("myapp-edge").get();
    assertThat(binding.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("BindingPolicy"));
    List<GenericKubernetesResource> works =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inNamespace("cluster1")
            .list()
            .getItems();
    assertThat(works)
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.getMetadata().getLabels())
                    .containsEntry(Apis.BINDING_KEY_LABEL, "myapp-edge")
                    .containsEntry(Apis.WDS_NAME_LABEL, "wds1"));
  }

  @Test
  @Order(12)
  void thePolicysGaugesAndManifestWorkWritesAreMeasured() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      metrics
                          .get(PlacementMetrics.POLICY_CLUSTERS)
                          .tag("policy", "myapp-edge")
                          .gauge()
                          .value())
                  .isEqualTo(2);
              assertThat(
                      metrics
                          .get(PlacementMetrics.POLICY_OBJECTS)
                          .tag("policy", "myapp-edge")
                          .gauge()
                          .value())
                  .as("the namespace and the deployment")
                  .isEqualTo(2);
            });
    assertThat(
            metrics
                .get(PlacementMetrics.MANIFESTWORKS_WRITTEN)
                .tag("operation", "create")
                .counter()
                .count())
        .as("one ManifestWork per edge cluster")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  @Order(15)
  void aNewPolicyGetsAPlacedEventAndNeitherAResyncNorARestartAddsAnother() {
    // The first evaluation may see the Deployment before the Namespace reaches the cache ("1
    // object(s) ...", then ObjectsChanged): wait for the state meant, not for an order of events.
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(policyEvents("myapp-edge"))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("Placed");
                        assertThat(e.getType()).isEqualTo("Normal");
                        assertThat(e.getInvolvedObject().getKind()).isEqualTo("BindingPolicy");
                        assertThat(e.getMessage())
                            .matches("[12] object\\(s\\) placed on 2 cluster\\(s\\)");
                      });
              Map<String, Object> status =
                  Unstructured.asMap(
                      wds.genericKubernetesResources(Apis.BINDING_POLICIES)
                          .withName("myapp-edge")
                          .get()
                          .getAdditionalProperties()
                          .get("status"));
              assertThat(status)
                  .containsEntry("selectedObjectCount", 2)
                  .containsEntry("selectedClusterCount", 2);
            });
    await().atMost(WAIT).until(placement::idle);
    Map<String, Integer> recorded = eventCounts("myapp-edge");

    wds.genericKubernetesResources(Apis.BINDING_POLICIES)
        .withName("myapp-edge")
        .edit(
            p -> {
              p.getMetadata().setAnnotations(Map.of("example.orrery.dev/resync", "1"));
              return p;
            });
    placement.close();
    metrics = new SimpleMeterRegistry();
    placement = new PlacementService(wds, its, PlacementService.Settings.defaults("wds1"), metrics);
    placement.start();

    await()
        .atMost(WAIT)
        .until(
            () ->
                metrics.find(PlacementMetrics.POLICY_CLUSTERS).tag("policy", "myapp-edge").gauge()
                    != null);
    await().atMost(WAIT).until(placement::idle);
    await()
        .during(Duration.ofSeconds(5))
        .atMost(WAIT)
        .until(() -> eventCounts("myapp-edge").equals(recorded));
  }

  @Test
  @Order(20)
  void relabellingClustersMovesTheWorkload() {
    label("cluster2", "location-group", "core");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(deploymentOn("cluster2")).isNull());
    label("cluster3", "location-group", "edge");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(available("cluster3")).isEqualTo(3));
    assertThat(available("cluster1")).isEqualTo(3);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(policyEvents("myapp-edge"))
                    .filteredOn(e -> e.getReason().equals("ClustersChanged"))
                    .extracting(Event::getMessage)
                    .contains(
                        "places 1 cluster(s); removed cluster2",
                        "places 2 cluster(s); added cluster3"));
  }

  @Test
  @Order(30)
  void anUpdateInTheWdsReachesEverySelectedCluster() {
    apply(wds, deployment(2));
    for (String cluster : List.of("cluster1", "cluster3")) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Deployment d = deploymentOn(cluster);
                assertThat(d.getSpec().getReplicas()).isEqualTo(2);
                assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
              });
    }
  }

  @Test
  @Order(40)
  void singletonStatusIsCopiedBackAndClearedWhenTwoClustersQualify() {
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: myapp-status
        spec:
          clusterSelectors:
          - matchLabels: {name: cluster1}
          downsync:
          - apiGroup: apps
            resources: [deployments]
            namespaces: [myapp]
            wantSingletonReportedState: true
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment d = wds.apps().deployments().inNamespace("myapp").withName("myapp").get();
              assertThat(d.getMetadata().getLabels()).containsEntry(Apis.SINGLETON_LABEL, "true");
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
            });
    // A status change on the WEC travels back through ManifestWork feedback, and is timed.
    for (int replicas : new int[] {3, 2}) {
      apply(wds, deployment(replicas));
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          wds.apps()
                              .deployments()
                              .inNamespace("myapp")
                              .withName("myapp")
                              .get()
                              .getStatus()
                              .getAvailableReplicas())
                      .isEqualTo(replicas));
    }
    assertThat(metrics.get(PlacementMetrics.STATUS_RETURN).timer().count()).isPositive();

    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: myapp-status
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - apiGroup: apps
            resources: [deployments]
            namespaces: [myapp]
            wantSingletonReportedState: true
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment d = wds.apps().deployments().inNamespace("myapp").withName("myapp").get();
              assertThat(d.getMetadata().getLabels()).doesNotContainKey(Apis.SINGLETON_LABEL);
              assertThat(d.getStatus() == null || d.getStatus().getAvailableReplicas() == null)
                  .isTrue();
              assertThat(policyErrors("myapp-status"))
                  .anySatisfy(e -> assertThat(e).contains("myapp"));
            });
  }

  @Test
  @Order(45)
  void aStatusCollectorCountingAvailableReplicasPerClusterYieldsOneRowPerWec() {
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: StatusCollector
        metadata:
          name: available-replicas
        spec:
          groupBy:
          - name: cluster
            def: inventory.name
          combinedFields:
          - name: available
            type: SUM
            subject: returned.status.availableReplicas
          limit: 10
        """);
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: StatusCollector
        metadata:
          name: broken
        spec:
          select:
          - name: x
            def: "returned.status.("
        """);
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: myapp-collected
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - apiGroup: apps
            resources: [deployments]
            namespaces: [myapp]
            statusCollectors: [available-replicas, not-there]
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<GenericKubernetesResource> combined =
                  wds.genericKubernetesResources(Apis.COMBINED_STATUSES)
                      .inNamespace("myapp")
                      .withLabel("status.kubestellar.io/binding-policy", "myapp-collected")
                      .list()
                      .getItems();
              assertThat(combined).hasSize(1);
              List<?> results = (List<?>) combined.get(0).getAdditionalProperties().get("results");
              Map<String, Object> result = Unstructured.asMap(results.get(0));
              assertThat(result).containsEntry("name", "available-replicas");
              List<?> rows = (List<?>) result.get("rows");
              assertThat(rows).hasSize(2);
              assertThat(Serialization.asJson(rows))
                  .contains("cluster1", "cluster3")
                  .contains("\"2\"");
            });
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource broken =
                  wds.genericKubernetesResources(Apis.STATUS_COLLECTORS).withName("broken").get();
              assertThat(Serialization.asJson(broken.getAdditionalProperties().get("status")))
                  .contains("spec.select[0].def");
              GenericKubernetesResource policy =
                  wds.genericKubernetesResources(Apis.BINDING_POLICIES)
                      .withName("myapp-collected")
                      .get();
              assertThat(Serialization.asJson(policy.getAdditionalProperties().get("status")))
                  .contains("StatusCollectorsAvailable")
                  .contains("not-there");
            });
  }

  @Test
  @Order(50)
  void aCrdAndItsCustomResourceTravelTogetherAndWork() {
    apply(
        wds,
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.orrery.dev
          labels: {app.kubernetes.io/part-of: widgets}
        spec:
          group: example.orrery.dev
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .until(() -> placementWatches("example.orrery.dev", "widgets"));
    apply(
        wds,
        """
        apiVersion: example.orrery.dev/v1
        kind: Widget
        metadata:
          name: w1
          namespace: myapp
          labels: {app.kubernetes.io/part-of: widgets}
        spec: {size: 3}
        """);
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: widgets
        spec:
          clusterSelectors:
          - matchLabels: {name: cluster1}
          downsync:
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/part-of: widgets}
        """);
    KubernetesClient wec = spaces.wec("cluster1").space().client();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource w =
                  wec.genericKubernetesResources(
                          new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext
                                  .Builder()
                              .withGroup("example.orrery.dev")
                              .withVersion("v1")
                              .withKind("Widget")
                              .withPlural("widgets")
                              .withNamespaced(true)
                              .build())
                      .inNamespace("myapp")
                      .withName("w1")
                      .get();
              assertThat(w)
                  .as(
                      () ->
                          "Widget on cluster1; binding: "
                              + Serialization.asJson(
                                  wds.genericKubernetesResources(Apis.BINDINGS)
                                      .withName("widgets")
                                      .get())
                              + "; works: "
                              + Serialization.asJson(
                                  its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                                      .inNamespace("cluster1")
                                      .withLabel(Apis.BINDING_KEY_LABEL, "widgets")
                                      .list()
                                      .getItems()))
                  .isNotNull();
              assertThat(Unstructured.asMap(w.getAdditionalProperties().get("spec")))
                  .containsEntry("size", 3);
            });
  }

  @Test
  @Order(60)
  void createOnlyObjectsAreNotOverwrittenByLaterChanges() {
    apply(wds, configMap("settings", "v1"));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: settings
        spec:
          clusterSelectors:
          - matchLabels: {name: cluster1}
          downsync:
          - resources: [configmaps]
            namespaces: [myapp]
            objectNames: [settings]
            createOnly: true
        """);
    KubernetesClient wec = spaces.wec("cluster1").space().client();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        wec.configMaps().inNamespace("myapp").withName("settings").get().getData())
                    .containsEntry("value", "v1"));
    apply(wds, configMap("settings", "v2"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(worksMention("cluster1", "v2")).isTrue());
    assertThat(wec.configMaps().inNamespace("myapp").withName("settings").get().getData())
        .containsEntry("value", "v1");
  }

  @Test
  @Order(70)
  void anObjectTooLargeForOneManifestWorkIsReportedAndEverythingElseFlows() {
    apply(wds, configMap("huge", "x".repeat(600_000)));
    apply(wds, configMap("small", "fits"));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: sizes
        spec:
          clusterSelectors:
          - matchLabels: {name: cluster1}
          downsync:
          - resources: [configmaps]
            namespaces: [myapp]
            objectNames: [huge, small]
        """);
    KubernetesClient wec = spaces.wec("cluster1").space().client();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(wec.configMaps().inNamespace("myapp").withName("small").get()).isNotNull();
              assertThat(policyErrors("sizes"))
                  .anySatisfy(e -> assertThat(e).contains("huge").contains("512000"));
            });
    assertThat(wec.configMaps().inNamespace("myapp").withName("huge").get()).isNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(policyEvents("sizes"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("PlacementErrors");
                          assertThat(e.getMessage()).contains("huge");
                        }));
  }

  @Test
  @Order(80)
  void deletingTheDeploymentRemovesItEverywhere() {
    wds.apps().deployments().inNamespace("myapp").withName("myapp").delete();
    for (String cluster : List.of("cluster1", "cluster3")) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(deploymentOn(cluster)).isNull());
    }
  }

  @Test
  @Order(90)
  void deletingAPolicyRemovesItsManifestWorksAndBinding() {
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("settings").delete();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(wds.genericKubernetesResources(Apis.BINDINGS).withName("settings").get())
                  .isNull();
              assertThat(
                      its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                          .inNamespace("cluster1")
                          .withLabel(Apis.BINDING_KEY_LABEL, "settings")
                          .list()
                          .getItems())
                  .isEmpty();
            });
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        spaces
                            .wec("cluster1")
                            .space()
                            .client()
                            .configMaps()
                            .inNamespace("myapp")
                            .withName("settings")
                            .get())
                    .isNull());
    assertThat(metrics.find(PlacementMetrics.POLICY_OBJECTS).tag("policy", "settings").gauge())
        .as("a deleted policy's gauges go with it")
        .isNull();
    assertThat(
            metrics
                .get(PlacementMetrics.MANIFESTWORKS_WRITTEN)
                .tag("operation", "delete")
                .counter()
                .count())
        .isPositive();
  }

  private static String deployment(int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: myapp
          namespace: myapp
          labels: {app.kubernetes.io/name: myapp}
        spec:
          replicas: %d
          selector:
            matchLabels: {app: myapp}
          template:
            metadata:
              labels: {app: myapp}
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """
        .formatted(replicas);
  }

  private static String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          namespace: myapp
        data:
          value: "%s"
        """
        .formatted(name, value);
  }

  private static void apply(KubernetesClient client, String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }

  private static Deployment deploymentOn(String cluster) {
    return spaces
        .wec(cluster)
        .space()
        .client()
        .apps()
        .deployments()
        .inNamespace("myapp")
        .withName("myapp")
        .get();
  }

  private static Integer available(String cluster) {
    Deployment d = deploymentOn(cluster);
    return d == null || d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
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

  private static List<String> policyErrors(String policy) {
    GenericKubernetesResource p =
        wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName(policy).get();
    Object errors = Unstructured.asMap(p.getAdditionalProperties().get("status")).get("errors");
    return errors instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /** The Events on a BindingPolicy (cluster-scoped: they are in namespace default). */
  private static List<Event> policyEvents(String policy) {
    return wds.v1().events().inNamespace("default").list().getItems().stream()
        .filter(
            e ->
                "BindingPolicy".equals(e.getInvolvedObject().getKind())
                    && policy.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Event name → count: a repeat of the same event bumps its count, a new one adds a name. */
  private static Map<String, Integer> eventCounts(String policy) {
    return policyEvents(policy).stream()
        .collect(Collectors.toMap(e -> e.getMetadata().getName(), Event::getCount));
  }

  private static boolean placementWatches(String group, String resource) {
    return placement.watches(group, resource);
  }

  private static boolean worksMention(String cluster, String text) {
    return its
        .genericKubernetesResources(Apis.MANIFEST_WORKS)
        .inNamespace(cluster)
        .list()
        .getItems()
        .stream()
        .anyMatch(w -> Serialization.asJson(w).contains(text));
  }
}
