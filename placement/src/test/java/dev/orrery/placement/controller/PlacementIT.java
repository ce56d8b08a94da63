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
import org.junit.jupiter.api.Test;

/**
 * KubeStellar placement end to end: WDS objects and BindingPolicies → ManifestWorks → OCM work
 * agents → WECs, and status back.
 *
 * <p>The spaces and the service are shared by the class; nothing a test looks at is: each test
 * seeds its own namespace, Deployment and policy ({@link #seed}) and names everything after itself,
 * so tests pass alone and in any order. The one that relabels clusters moves a label of its own.
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
class PlacementIT {
  static final Duration WAIT = Duration.ofSeconds(90);

  /** The cluster label only {@link #relabellingClustersMovesTheWorkload} selects on and moves. */
  static final String RELABEL = "example.orrery.dev/relabel";

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
  void seedScenarioRunsTheDeploymentOnBothEdgeClusters() {
    seed("seed", 3);
    assertThat(deploymentOn("cluster3", "seed")).isNull();
    GenericKubernetesResource binding =
        wds.genericKubernetesResources(Apis.BINDINGS).withName("seed").get();
    assertThat(binding.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("BindingPolicy"));
    List<GenericKubernetesResource> works =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inNamespace("cluster1")
            .withLabel(Apis.BINDING_KEY_LABEL, "seed")
            .list()
            .getItems();
    assertThat(works)
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.getMetadata().getLabels()).containsEntry(Apis.WDS_NAME_LABEL, "wds1"));
  }

  @Test
  void thePolicysGaugesAndManifestWorkWritesAreMeasured() {
    seed("gauges", 1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      metrics
                          .get(PlacementMetrics.POLICY_CLUSTERS)
                          .tag("policy", "gauges")
                          .gauge()
                          .value())
                  .isEqualTo(2);
              assertThat(
                      metrics
                          .get(PlacementMetrics.POLICY_OBJECTS)
                          .tag("policy", "gauges")
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
  void aNewPolicyGetsAPlacedEventAndNeitherAResyncNorARestartAddsAnother() {
    seed("events", 1);
    // The first evaluation may see the Deployment before the Namespace reaches the cache ("1
    // object(s) ...", then ObjectsChanged): wait for the state meant, not for an order of events.
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(policyEvents("events"))
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
                          .withName("events")
                          .get()
                          .getAdditionalProperties()
                          .get("status"));
              assertThat(status)
                  .containsEntry("selectedObjectCount", 2)
                  .containsEntry("selectedClusterCount", 2);
            });
    await().atMost(WAIT).until(placement::idle);
    Map<String, Integer> recorded = eventCounts("events");

    wds.genericKubernetesResources(Apis.BINDING_POLICIES)
        .withName("events")
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
                metrics.find(PlacementMetrics.POLICY_CLUSTERS).tag("policy", "events").gauge()
                    != null);
    await().atMost(WAIT).until(placement::idle);
    await()
        .during(Duration.ofSeconds(5))
        .atMost(WAIT)
        .until(() -> eventCounts("events").equals(recorded));
  }

  @Test
  void relabellingClustersMovesTheWorkload() {
    label("cluster1", RELABEL, "on");
    label("cluster2", RELABEL, "on");
    label("cluster3", RELABEL, "off");
    seed("relabel", 3, "{%s: 'on'}".formatted(RELABEL));
    for (String cluster : List.of("cluster1", "cluster2")) {
      awaitAvailable(cluster, "relabel", 3);
    }
    label("cluster2", RELABEL, "off");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(deploymentOn("cluster2", "relabel")).isNull());
    label("cluster3", RELABEL, "on");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(available("cluster3", "relabel")).isEqualTo(3));
    assertThat(available("cluster1", "relabel")).isEqualTo(3);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(policyEvents("relabel"))
                    .filteredOn(e -> e.getReason().equals("ClustersChanged"))
                    .extracting(Event::getMessage)
                    .contains(
                        "places 1 cluster(s); removed cluster2",
                        "places 2 cluster(s); added cluster3"));
  }

  @Test
  void anUpdateInTheWdsReachesEverySelectedCluster() {
    seed("update", 3);
    apply(wds, deployment("update", 2));
    for (String cluster : List.of("cluster1", "cluster2")) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Deployment d = deploymentOn(cluster, "update");
                assertThat(d.getSpec().getReplicas()).isEqualTo(2);
                assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
              });
    }
    // Created by POST, updated by server-side apply, both under Orrery's own field manager; the
    // work agent adds its finalizer (and writes the status subresource).
    assertThat(
            its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                .inAnyNamespace()
                .withLabel(Apis.BINDING_KEY_LABEL, "update")
                .list()
                .getItems())
        .hasSize(2)
        .allSatisfy(
            w ->
                assertThat(w.getMetadata().getManagedFields())
                    .filteredOn(f -> f.getSubresource() == null || f.getSubresource().isEmpty())
                    .extracting(f -> f.getManager() + "/" + f.getOperation())
                    .containsExactlyInAnyOrder(
                        Apis.FIELD_MANAGER + "/Update",
                        Apis.FIELD_MANAGER + "/Apply",
                        "work/Update"));
  }

  @Test
  void singletonStatusIsCopiedBackAndClearedWhenTwoClustersQualify() {
    seed("singleton", 2);
    apply(wds, singletonStatusPolicy("{name: cluster1}"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment d = wdsDeployment("singleton");
              assertThat(d.getMetadata().getLabels()).containsEntry(Apis.SINGLETON_LABEL, "true");
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
            });
    // A status change on the WEC travels back through ManifestWork feedback, and is timed.
    for (int replicas : new int[] {3, 2}) {
      apply(wds, deployment("singleton", replicas));
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(wdsDeployment("singleton").getStatus().getAvailableReplicas())
                      .isEqualTo(replicas));
    }
    assertThat(metrics.get(PlacementMetrics.STATUS_RETURN).timer().count()).isPositive();

    apply(wds, singletonStatusPolicy("{location-group: edge}"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment d = wdsDeployment("singleton");
              assertThat(d.getMetadata().getLabels()).doesNotContainKey(Apis.SINGLETON_LABEL);
              assertThat(d.getStatus() == null || d.getStatus().getAvailableReplicas() == null)
                  .isTrue();
              assertThat(policyErrors("singleton-status"))
                  .anySatisfy(e -> assertThat(e).contains("myapp"));
            });
  }

  @Test
  void aStatusCollectorCountingAvailableReplicasPerClusterYieldsOneRowPerWec() {
    seed("collected", 2);
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
          name: collected-status
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - apiGroup: apps
            resources: [deployments]
            namespaces: [collected]
            statusCollectors: [available-replicas, not-there]
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<GenericKubernetesResource> combined =
                  wds.genericKubernetesResources(Apis.COMBINED_STATUSES)
                      .inNamespace("collected")
                      .withLabel("status.kubestellar.io/binding-policy", "collected-status")
                      .list()
                      .getItems();
              assertThat(combined).hasSize(1);
              List<?> results = (List<?>) combined.get(0).getAdditionalProperties().get("results");
              Map<String, Object> result = Unstructured.asMap(results.get(0));
              assertThat(result).containsEntry("name", "available-replicas");
              List<?> rows = (List<?>) result.get("rows");
              assertThat(rows).hasSize(2);
              assertThat(Serialization.asJson(rows))
                  .contains("cluster1", "cluster2")
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
                      .withName("collected-status")
                      .get();
              assertThat(Serialization.asJson(policy.getAdditionalProperties().get("status")))
                  .contains("StatusCollectorsAvailable")
                  .contains("not-there")
                  // Orrery's ClustersAvailable condition is opt-in (not in upstream's status).
                  .doesNotContain("ClustersAvailable");
            });
  }

  @Test
  void aCrdAndItsCustomResourceTravelTogetherAndWork() {
    seed("widgets", 1);
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
          namespace: widgets
          labels: {app.kubernetes.io/part-of: widgets}
        spec: {size: 3}
        """);
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: widgets-crd
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
                      .inNamespace("widgets")
                      .withName("w1")
                      .get();
              assertThat(w)
                  .as(
                      () ->
                          "Widget on cluster1; binding: "
                              + Serialization.asJson(
                                  wds.genericKubernetesResources(Apis.BINDINGS)
                                      .withName("widgets-crd")
                                      .get())
                              + "; works: "
                              + Serialization.asJson(
                                  its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                                      .inNamespace("cluster1")
                                      .withLabel(Apis.BINDING_KEY_LABEL, "widgets-crd")
                                      .list()
                                      .getItems()))
                  .isNotNull();
              assertThat(Unstructured.asMap(w.getAdditionalProperties().get("spec")))
                  .containsEntry("size", 3);
            });
  }

  @Test
  void createOnlyObjectsAreNotOverwrittenByLaterChanges() {
    seed("createonly", 1);
    apply(wds, configMap("createonly", "settings", "v1"));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: createonly-settings
        spec:
          clusterSelectors:
          - matchLabels: {name: cluster1}
          downsync:
          - resources: [configmaps]
            namespaces: [createonly]
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
                        wec.configMaps()
                            .inNamespace("createonly")
                            .withName("settings")
                            .get()
                            .getData())
                    .containsEntry("value", "v1"));
    apply(wds, configMap("createonly", "settings", "v2"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(worksMention("cluster1", "createonly-settings", "v2")).isTrue());
    assertThat(wec.configMaps().inNamespace("createonly").withName("settings").get().getData())
        .containsEntry("value", "v1");
  }

  @Test
  void anObjectTooLargeForOneManifestWorkIsReportedAndEverythingElseFlows() {
    seed("sizes", 1);
    apply(wds, configMap("sizes", "huge", "x".repeat(600_000)));
    apply(wds, configMap("sizes", "small", "fits"));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: sizes-configmaps
        spec:
          clusterSelectors:
          - matchLabels: {name: cluster1}
          downsync:
          - resources: [configmaps]
            namespaces: [sizes]
            objectNames: [huge, small]
        """);
    KubernetesClient wec = spaces.wec("cluster1").space().client();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(wec.configMaps().inNamespace("sizes").withName("small").get()).isNotNull();
              assertThat(policyErrors("sizes-configmaps"))
                  .anySatisfy(e -> assertThat(e).contains("huge").contains("512000"));
            });
    assertThat(wec.configMaps().inNamespace("sizes").withName("huge").get()).isNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(policyEvents("sizes-configmaps"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("PlacementErrors");
                          assertThat(e.getMessage()).contains("huge");
                        }));
  }

  @Test
  void deletingTheDeploymentRemovesItEverywhere() {
    seed("deletion", 2);
    wds.apps().deployments().inNamespace("deletion").withName("myapp").delete();
    for (String cluster : List.of("cluster1", "cluster2")) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(deploymentOn(cluster, "deletion")).isNull());
    }
  }

  @Test
  void deletingAPolicyRemovesItsManifestWorksAndBinding() {
    seed("policydeletion", 1);
    apply(wds, configMap("policydeletion", "settings", "kept until the policy goes"));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: policydeletion-settings
        spec:
          clusterSelectors:
          - matchLabels: {name: cluster1}
          downsync:
          - resources: [configmaps]
            namespaces: [policydeletion]
            objectNames: [settings]
        """);
    KubernetesClient wec = spaces.wec("cluster1").space().client();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(wec.configMaps().inNamespace("policydeletion").withName("settings").get())
                  .isNotNull();
              assertThat(
                      metrics
                          .find(PlacementMetrics.POLICY_OBJECTS)
                          .tag("policy", "policydeletion-settings")
                          .gauge())
                  .isNotNull();
            });
    WorkAgentRecords.awaitRecorded(wec, "configmaps", "policydeletion", "settings", WAIT);

    wds.genericKubernetesResources(Apis.BINDING_POLICIES)
        .withName("policydeletion-settings")
        .delete();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      wds.genericKubernetesResources(Apis.BINDINGS)
                          .withName("policydeletion-settings")
                          .get())
                  .isNull();
              assertThat(
                      its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                          .inNamespace("cluster1")
                          .withLabel(Apis.BINDING_KEY_LABEL, "policydeletion-settings")
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
                        wec.configMaps().inNamespace("policydeletion").withName("settings").get())
                    .isNull());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        metrics
                            .find(PlacementMetrics.POLICY_OBJECTS)
                            .tag("policy", "policydeletion-settings")
                            .gauge())
                    .as("a deleted policy's gauges go with it")
                    .isNull());
    assertThat(
            metrics
                .get(PlacementMetrics.MANIFESTWORKS_WRITTEN)
                .tag("operation", "delete")
                .counter()
                .count())
        .isPositive();
  }

  /**
   * This test's own namespace {@code ns} and Deployment {@code ns/myapp} with {@code replicas},
   * both labelled {@code app.kubernetes.io/name=ns}, placed on the edge clusters by BindingPolicy
   * {@code ns}; returns once cluster1 and cluster2 run them.
   */
  private static void seed(String ns, int replicas) {
    seed(ns, replicas, "{location-group: edge}");
    for (String cluster : List.of("cluster1", "cluster2")) {
      awaitAvailable(cluster, ns, replicas);
    }
  }

  /**
   * Waits until {@code cluster} runs Deployment {@code ns/myapp} with {@code replicas} available,
   * recorded by its work agent (so that removing it later removes it from the WEC).
   */
  private static void awaitAvailable(String cluster, String ns, int replicas) {
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(available(cluster, ns)).isEqualTo(replicas));
    WorkAgentRecords.awaitRecorded(
        spaces.wec(cluster).space().client(), "deployments", ns, "myapp", WAIT);
  }

  /** As above, on the clusters {@code clusterLabels} select, without waiting. */
  private static void seed(String ns, int replicas, String clusterLabels) {
    apply(
        wds,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels: {app.kubernetes.io/name: %s}
        """
            .formatted(ns, ns));
    apply(wds, deployment(ns, replicas));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: %s
        spec:
          clusterSelectors:
          - matchLabels: %s
          downsync:
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/name: %s}
        """
            .formatted(ns, clusterLabels, ns));
  }

  private static String singletonStatusPolicy(String clusterLabels) {
    return """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: singleton-status
        spec:
          clusterSelectors:
          - matchLabels: %s
          downsync:
          - apiGroup: apps
            resources: [deployments]
            namespaces: [singleton]
            wantSingletonReportedState: true
        """
        .formatted(clusterLabels);
  }

  private static String deployment(String ns, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: myapp
          namespace: %s
          labels: {app.kubernetes.io/name: %s}
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
        .formatted(ns, ns, replicas);
  }

  private static String configMap(String ns, String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          namespace: %s
        data:
          value: "%s"
        """
        .formatted(name, ns, value);
  }

  private static void apply(KubernetesClient client, String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }

  private static Deployment wdsDeployment(String ns) {
    return wds.apps().deployments().inNamespace(ns).withName("myapp").get();
  }

  private static Deployment deploymentOn(String cluster, String ns) {
    return spaces
        .wec(cluster)
        .space()
        .client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("myapp")
        .get();
  }

  private static Integer available(String cluster, String ns) {
    Deployment d = deploymentOn(cluster, ns);
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

  /** Whether one of {@code policy}'s ManifestWorks for {@code cluster} holds {@code text}. */
  private static boolean worksMention(String cluster, String policy, String text) {
    return its
        .genericKubernetesResources(Apis.MANIFEST_WORKS)
        .inNamespace(cluster)
        .withLabel(Apis.BINDING_KEY_LABEL, policy)
        .list()
        .getItems()
        .stream()
        .anyMatch(w -> Serialization.asJson(w).contains(text));
  }
}
