package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.placement.match.Unstructured;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport features on real OCM work agents: CustomTransforms (and their status), template
 * expansion from cluster properties (and its errors), multi-WEC combined status, and objects or
 * clusters leaving.
 *
 * <p>The spaces and the service are shared by the class; nothing a test looks at is: each test
 * seeds its own namespace, Deployment and policy ({@link #seed}), removes the CustomTransforms it
 * made, and the test that deletes a ManagedCluster registers it again; so tests pass alone and in
 * any order.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"location-group=edge", "name=cluster1", "region=north"}),
      @WithSpaces.Wec(
          name = "cluster2",
          labels = {"location-group=edge", "name=cluster2", "region=south"})
    })
class PlacementTransformsIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final List<String> CLUSTERS = List.of("cluster1", "cluster2");
  static LocalSpaces spaces;
  static PlacementService placement;
  static KubernetesClient wds;
  static KubernetesClient its;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    placement = new PlacementService(wds, its, PlacementService.Settings.defaults("wds1"));
    placement.start();
  }

  @AfterAll
  static void stop() {
    if (placement != null) {
      placement.close();
    }
  }

  @Test
  void aCustomTransformRemovesFieldsFromTheWecCopiesOnly() {
    String ns = "trim";
    seed(ns);
    try {
      apply(
          wds,
          """
          apiVersion: control.kubestellar.io/v1alpha1
          kind: CustomTransform
          metadata:
            name: deployment-trim
          spec:
            apiGroup: apps
            resource: deployments
            remove:
            - $.spec.strategy
            - $.metadata.labels["drop-me"]
          """);
      for (String cluster : CLUSTERS) {
        await()
            .ignoreExceptions()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  Deployment d =
                      wec(cluster).apps().deployments().inNamespace(ns).withName("web").get();
                  assertThat(d.getMetadata().getLabels())
                      .doesNotContainKey("drop-me")
                      .containsEntry("app.kubernetes.io/part-of", ns);
                  assertThat(d.getSpec().getStrategy().getType())
                      .as("defaulted again on the WEC")
                      .isEqualTo("RollingUpdate");
                });
        assertThat(worksOf(cluster, ns)).doesNotContain("drop-me").doesNotContain("Recreate");
      }
      Deployment source = wds.apps().deployments().inNamespace(ns).withName("web").get();
      assertThat(source.getMetadata().getLabels()).containsEntry("drop-me", "yes");
      assertThat(source.getSpec().getStrategy().getType()).isEqualTo("Recreate");
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(status(Apis.CUSTOM_TRANSFORMS, "deployment-trim"))
                      .containsEntry("errors", List.of())
                      .containsEntry("observedGeneration", 1));
    } finally {
      deleteCustomTransform("deployment-trim");
    }
  }

  @Test
  void aCustomTransformRemovingTheWholeObjectGetsAnErrorInItsStatus() {
    try {
      apply(
          wds,
          """
          apiVersion: control.kubestellar.io/v1alpha1
          kind: CustomTransform
          metadata:
            name: whole-object
          spec:
            apiGroup: ""
            resource: configmaps
            remove: ["$", "$.data.secret"]
          """);
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(status(Apis.CUSTOM_TRANSFORMS, "whole-object"))
                      .extractingByKey("errors")
                      .asInstanceOf(InstanceOfAssertFactories.LIST)
                      .singleElement()
                      .asString()
                      .startsWith(
                          "spec.remove[0]: path \"$\": \"$\" alone would remove the whole object"));

      apply(
          wds,
          """
          apiVersion: control.kubestellar.io/v1alpha1
          kind: CustomTransform
          metadata:
            name: whole-object
          spec:
            apiGroup: ""
            resource: configmaps
            remove: ["$.data.secret"]
          """);
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(status(Apis.CUSTOM_TRANSFORMS, "whole-object"))
                      .containsEntry("errors", List.of())
                      .containsEntry("observedGeneration", 2));
    } finally {
      deleteCustomTransform("whole-object");
    }
  }

  @Test
  void templatesExpandPerClusterWithTheCustomizationConfigMapWinningOverLabels() {
    placeExpandedGreeting("greet");
    assertThat(wds.configMaps().inNamespace("greet").withName("greeting").get().getData())
        .containsEntry("where", "{{.region}}/{{ .clusterName }}");
  }

  @Test
  void anUnknownTemplateKeyIsReportedAndThePreviousVersionStays() {
    String ns = "unknownkey";
    String policy = placeExpandedGreeting(ns);
    apply(wds, greeting(ns, "{{.region}}/{{.nope}}"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(policyErrors(policy))
                    .anySatisfy(
                        e ->
                            assertThat(e)
                                .contains("ConfigMap unknownkey/greeting on cluster1")
                                .contains("\"nope\""))
                    .anySatisfy(
                        e ->
                            assertThat(e)
                                .contains("ConfigMap unknownkey/greeting on cluster2")
                                .contains("\"nope\"")));
    assertThat(worksOf("cluster1", policy)).contains("north/cluster1").doesNotContain("nope");
    assertThat(worksOf("cluster2", policy))
        .contains("south-from-configmap/cluster2")
        .doesNotContain("nope");
    assertThat(greetingOn("cluster1", ns)).isEqualTo("north/cluster1");
    assertThat(greetingOn("cluster2", ns)).isEqualTo("south-from-configmap/cluster2");

    apply(wds, greeting(ns, "{{.region}}!"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(greetingOn("cluster1", ns)).isEqualTo("north!");
              assertThat(greetingOn("cluster2", ns)).isEqualTo("south-from-configmap!");
              assertThat(policyErrors(policy)).isEmpty();
            });
  }

  /**
   * cluster1 may run only one of the two replicas (a pod quota there); cluster2 runs none (its
   * nodes lack the label the pods ask for). The combination takes replicas from cluster1 (min 1)
   * and unavailableReplicas from cluster2 (max 2), so both reports count.
   */
  @Test
  void aDeploymentOnTwoWecsGetsTheCombinedStatus() {
    apply(
        wds,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: multi
        """);
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: multiwec
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - resources: [namespaces]
            objectNames: [multi]
          - apiGroup: apps
            resources: [deployments]
            namespaces: [multi]
            wantMultiWECReportedState: true
        """);
    KubernetesClient cluster1 = wec("cluster1");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(cluster1.namespaces().withName("multi").get()).isNotNull());
    apply(
        cluster1,
        """
        apiVersion: v1
        kind: ResourceQuota
        metadata:
          name: one-pod
          namespace: multi
        spec:
          hard: {pods: "1"}
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ResourceQuota quota =
                  cluster1.resourceQuotas().inNamespace("multi").withName("one-pod").get();
              assertThat(quota.getStatus().getHard()).containsKey("pods");
            });
    for (Node node : cluster1.nodes().list().getItems()) {
      cluster1
          .nodes()
          .withName(node.getMetadata().getName())
          .edit(
              n -> {
                n.getMetadata().getLabels().put("orrery.dev/test-pool", "open");
                return n;
              });
    }
    apply(
        wds,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: multi
          namespace: multi
        spec:
          replicas: 2
          selector:
            matchLabels: {app: multi}
          template:
            metadata:
              labels: {app: multi}
            spec:
              nodeSelector: {orrery.dev/test-pool: open}
              containers:
              - name: web
                image: nginx:1.27
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(wecStatus("cluster1"))
                  .satisfies(
                      s -> {
                        assertThat(s.getReplicas()).isEqualTo(1);
                        assertThat(s.getAvailableReplicas()).isEqualTo(1);
                      });
              assertThat(wecStatus("cluster2"))
                  .satisfies(
                      s -> {
                        assertThat(s.getReplicas()).isEqualTo(2);
                        assertThat(s.getUnavailableReplicas()).isEqualTo(2);
                      });
            });
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment d = wds.apps().deployments().inNamespace("multi").withName("multi").get();
              assertThat(d.getMetadata().getLabels())
                  .containsEntry(Apis.MULTIWEC_LABEL, "true")
                  .doesNotContainKey(Apis.SINGLETON_LABEL);
              assertThat(d.getStatus().getReplicas()).as("min: cluster1").isEqualTo(1);
              assertThat(d.getStatus().getAvailableReplicas()).as("min: cluster2").isIn(0, null);
              assertThat(d.getStatus().getUnavailableReplicas()).as("max: cluster2").isEqualTo(2);
            });
  }

  @Test
  void anObjectWhoseLabelsStopMatchingLeavesTheWecs() {
    String ns = "selector-exit";
    seed(ns);
    apply(wds, leaver(ns, true));
    for (String cluster : CLUSTERS) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(wec(cluster).configMaps().inNamespace(ns).withName("leaver").get())
                      .isNotNull());
      WorkAgentRecords.awaitRecorded(wec(cluster), "configmaps", ns, "leaver", WAIT);
    }
    apply(wds, leaver(ns, false));
    for (String cluster : CLUSTERS) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(wec(cluster).configMaps().inNamespace(ns).withName("leaver").get())
                      .isNull());
      assertThat(worksOf(cluster, ns)).doesNotContain("leaver");
      assertThat(wec(cluster).apps().deployments().inNamespace(ns).withName("web").get())
          .as("the rest stays")
          .isNotNull();
    }
    assertThat(wds.configMaps().inNamespace(ns).withName("leaver").get()).isNotNull();
  }

  /** Deletes ManagedCluster cluster2, then registers it again as it was for the other tests. */
  @Test
  void aDeletedClusterLosesItsManifestWorks() {
    String ns = "leaving";
    seed(ns);
    String more = "leaving-too";
    seed(more);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(works("cluster2"))
                    .extracting(w -> w.getMetadata().getLabels().get(Apis.BINDING_KEY_LABEL))
                    .contains(ns, more));
    GenericKubernetesResource cluster2 =
        its.genericKubernetesResources(Apis.MANAGED_CLUSTERS).withName("cluster2").get();
    its.genericKubernetesResources(Apis.MANAGED_CLUSTERS).withName("cluster2").delete();
    try {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(works("cluster2")).isEmpty();
                GenericKubernetesResource binding =
                    wds.genericKubernetesResources(Apis.BINDINGS).withName(ns).get();
                assertThat(Serialization.asJson(binding.getAdditionalProperties().get("spec")))
                    .doesNotContain("cluster2");
              });
      assertThat(works("cluster1"))
          .extracting(w -> w.getMetadata().getLabels().get(Apis.BINDING_KEY_LABEL))
          .contains(ns, more);
      assertThat(wec("cluster1").apps().deployments().inNamespace(ns).withName("web").get())
          .isNotNull();
    } finally {
      register(cluster2);
    }
  }

  /**
   * Namespace {@code ns} and Deployment {@code ns/web} (label {@code drop-me=yes}, strategy {@code
   * Recreate}), both labelled {@code app.kubernetes.io/part-of=ns}, placed on both WECs by
   * BindingPolicy {@code ns}; returns once both run the Deployment as written.
   */
  private static void seed(String ns) {
    apply(
        wds,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels: {app.kubernetes.io/part-of: %s}
        """
            .formatted(ns, ns));
    apply(
        wds,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: %s
          labels: {app.kubernetes.io/part-of: %s, drop-me: "yes"}
        spec:
          replicas: 1
          strategy: {type: Recreate}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """
            .formatted(ns, ns));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: %s
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/part-of: %s}
        """
            .formatted(ns, ns));
    for (String cluster : CLUSTERS) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Deployment d =
                    wec(cluster).apps().deployments().inNamespace(ns).withName("web").get();
                assertThat(d.getMetadata().getLabels()).containsEntry("drop-me", "yes");
                assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
              });
    }
  }

  /**
   * Seeds {@code ns} and places ConfigMap {@code ns/greeting}, whose value is expanded per cluster
   * (cluster2's region from its customization ConfigMap on the ITS), on both WECs by BindingPolicy
   * {@code ns-templates}; returns that policy's name once both WECs hold their expansion.
   */
  private static String placeExpandedGreeting(String ns) {
    seed(ns);
    apply(
        its,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: customization-properties
        """);
    apply(
        its,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cluster2
          namespace: customization-properties
        data:
          region: south-from-configmap
        """);
    apply(wds, greeting(ns, "{{.region}}/{{ .clusterName }}"));
    String policy = ns + "-templates";
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: %s
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - resources: [configmaps]
            namespaces: [%s]
            objectNames: [greeting]
        """
            .formatted(policy, ns));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(greetingOn("cluster1", ns)).isEqualTo("north/cluster1");
              assertThat(greetingOn("cluster2", ns)).isEqualTo("south-from-configmap/cluster2");
            });
    return policy;
  }

  /**
   * Registers {@code cluster} again (as the spaces did) and waits until placement delivers to it
   * again.
   */
  private static void register(GenericKubernetesResource cluster) {
    String name = cluster.getMetadata().getName();
    await()
        .atMost(WAIT)
        .until(
            () ->
                its.genericKubernetesResources(Apis.MANAGED_CLUSTERS).withName(name).get() == null);
    GenericKubernetesResource again = new GenericKubernetesResource();
    again.setApiVersion(cluster.getApiVersion());
    again.setKind(cluster.getKind());
    again.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withLabels(cluster.getMetadata().getLabels())
            .build());
    again.setAdditionalProperty("spec", cluster.getAdditionalProperties().get("spec"));
    its.resource(again).create();
    String probe = "reregistered-" + name;
    seed(probe);
  }

  private static void deleteCustomTransform(String name) {
    wds.genericKubernetesResources(Apis.CUSTOM_TRANSFORMS).withName(name).delete();
    await()
        .atMost(WAIT)
        .until(
            () ->
                wds.genericKubernetesResources(Apis.CUSTOM_TRANSFORMS).withName(name).get()
                    == null);
  }

  private static String greeting(String ns, String where) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: greeting
          namespace: %s
          annotations: {control.kubestellar.io/expand-templates: "true"}
        data:
          where: "%s"
        """
        .formatted(ns, where);
  }

  private static String leaver(String ns, boolean selected) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: leaver
          namespace: %s
          labels: {app.kubernetes.io/part-of: %s}
        data:
          value: "1"
        """
        .formatted(ns, selected ? ns : "something-else");
  }

  private static String greetingOn(String cluster, String ns) {
    ConfigMap cm = wec(cluster).configMaps().inNamespace(ns).withName("greeting").get();
    return cm == null ? null : cm.getData().get("where");
  }

  private static DeploymentStatus wecStatus(String cluster) {
    return wec(cluster)
        .apps()
        .deployments()
        .inNamespace("multi")
        .withName("multi")
        .get()
        .getStatus();
  }

  private static KubernetesClient wec(String cluster) {
    return spaces.wec(cluster).space().client();
  }

  private static void apply(KubernetesClient client, String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }

  private static List<GenericKubernetesResource> works(String cluster) {
    return its.genericKubernetesResources(Apis.MANIFEST_WORKS)
        .inNamespace(cluster)
        .list()
        .getItems();
  }

  /**
   * The JSON of the specs of a Binding's ManifestWorks in one mailbox (what Orrery asks for, not
   * what the agent reports).
   */
  private static String worksOf(String cluster, String binding) {
    return Serialization.asJson(
        its
            .genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inNamespace(cluster)
            .withLabel(Apis.BINDING_KEY_LABEL, binding)
            .list()
            .getItems()
            .stream()
            .map(w -> w.getAdditionalProperties().get("spec"))
            .toList());
  }

  private static Map<String, Object> status(ResourceDefinitionContext type, String name) {
    return Unstructured.asMap(
        wds.genericKubernetesResources(type)
            .withName(name)
            .get()
            .getAdditionalProperties()
            .get("status"));
  }

  private static List<String> policyErrors(String policy) {
    Object errors = status(Apis.BINDING_POLICIES, policy).get("errors");
    return errors instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }
}
