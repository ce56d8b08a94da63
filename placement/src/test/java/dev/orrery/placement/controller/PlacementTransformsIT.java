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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The transport features on real OCM work agents: CustomTransforms (and their status), template
 * expansion from cluster properties (and its errors), multi-WEC combined status, and objects or
 * clusters leaving.
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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlacementTransformsIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final List<String> CLUSTERS = List.of("cluster1", "cluster2");
  static final String NS = "transforms";
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
  @Order(10)
  void aCustomTransformRemovesFieldsFromTheWecCopiesOnly() {
    apply(
        wds,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: transforms
          labels: {app.kubernetes.io/part-of: transforms-it}
        """);
    apply(
        wds,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: transforms
          labels: {app.kubernetes.io/part-of: transforms-it, drop-me: "yes"}
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
        """);
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: transforms
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/part-of: transforms-it}
        """);
    for (String cluster : CLUSTERS) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Deployment d =
                    wec(cluster).apps().deployments().inNamespace(NS).withName("web").get();
                assertThat(d.getMetadata().getLabels()).containsEntry("drop-me", "yes");
                assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
              });
    }

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
                    wec(cluster).apps().deployments().inNamespace(NS).withName("web").get();
                assertThat(d.getMetadata().getLabels())
                    .doesNotContainKey("drop-me")
                    .containsEntry("app.kubernetes.io/part-of", "transforms-it");
                assertThat(d.getSpec().getStrategy().getType())
                    .as("defaulted again on the WEC")
                    .isEqualTo("RollingUpdate");
              });
      assertThat(worksOf(cluster, "transforms"))
          .doesNotContain("drop-me")
          .doesNotContain("Recreate");
    }
    Deployment source = wds.apps().deployments().inNamespace(NS).withName("web").get();
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
  }

  @Test
  @Order(15)
  void aCustomTransformRemovingTheWholeObjectGetsAnErrorInItsStatus() {
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
  }

  @Test
  @Order(20)
  void templatesExpandPerClusterWithTheCustomizationConfigMapWinningOverLabels() {
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
    apply(wds, greeting("{{.region}}/{{ .clusterName }}"));
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: templates
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - resources: [configmaps]
            namespaces: [transforms]
            objectNames: [greeting]
        """);
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(greetingOn("cluster1")).isEqualTo("north/cluster1");
              assertThat(greetingOn("cluster2")).isEqualTo("south-from-configmap/cluster2");
            });
    assertThat(wds.configMaps().inNamespace(NS).withName("greeting").get().getData())
        .containsEntry("where", "{{.region}}/{{ .clusterName }}");
  }

  @Test
  @Order(25)
  void anUnknownTemplateKeyIsReportedAndThePreviousVersionStays() {
    apply(wds, greeting("{{.region}}/{{.nope}}"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(policyErrors("templates"))
                    .anySatisfy(
                        e ->
                            assertThat(e)
                                .contains("ConfigMap transforms/greeting on cluster1")
                                .contains("\"nope\""))
                    .anySatisfy(
                        e ->
                            assertThat(e)
                                .contains("ConfigMap transforms/greeting on cluster2")
                                .contains("\"nope\"")));
    assertThat(worksOf("cluster1", "templates")).contains("north/cluster1").doesNotContain("nope");
    assertThat(worksOf("cluster2", "templates"))
        .contains("south-from-configmap/cluster2")
        .doesNotContain("nope");
    assertThat(greetingOn("cluster1")).isEqualTo("north/cluster1");
    assertThat(greetingOn("cluster2")).isEqualTo("south-from-configmap/cluster2");

    apply(wds, greeting("{{.region}}!"));
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(greetingOn("cluster1")).isEqualTo("north!");
              assertThat(greetingOn("cluster2")).isEqualTo("south-from-configmap!");
              assertThat(policyErrors("templates")).isEmpty();
            });
  }

  /**
   * cluster1 may run only one of the two replicas (a pod quota there); cluster2 runs none (its
   * nodes lack the label the pods ask for). The combination takes replicas from cluster1 (min 1)
   * and unavailableReplicas from cluster2 (max 2), so both reports count.
   */
  @Test
  @Order(30)
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
  @Order(40)
  void anObjectWhoseLabelsStopMatchingLeavesTheWecs() {
    apply(wds, leaver(true));
    for (String cluster : CLUSTERS) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(wec(cluster).configMaps().inNamespace(NS).withName("leaver").get())
                      .isNotNull());
    }
    apply(wds, leaver(false));
    for (String cluster : CLUSTERS) {
      await()
          .ignoreExceptions()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(wec(cluster).configMaps().inNamespace(NS).withName("leaver").get())
                      .isNull());
      assertThat(worksOf(cluster, "transforms")).doesNotContain("leaver");
      assertThat(wec(cluster).apps().deployments().inNamespace(NS).withName("web").get())
          .as("the rest stays")
          .isNotNull();
    }
    assertThat(wds.configMaps().inNamespace(NS).withName("leaver").get()).isNotNull();
  }

  @Test
  @Order(50)
  void aDeletedClusterLosesItsManifestWorks() {
    assertThat(works("cluster2")).isNotEmpty();
    its.genericKubernetesResources(Apis.MANAGED_CLUSTERS).withName("cluster2").delete();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(works("cluster2")).isEmpty();
              GenericKubernetesResource binding =
                  wds.genericKubernetesResources(Apis.BINDINGS).withName("transforms").get();
              assertThat(Serialization.asJson(binding.getAdditionalProperties().get("spec")))
                  .doesNotContain("cluster2");
            });
    assertThat(works("cluster1"))
        .extracting(w -> w.getMetadata().getLabels().get(Apis.BINDING_KEY_LABEL))
        .contains("transforms", "templates", "multiwec");
    assertThat(wec("cluster1").apps().deployments().inNamespace(NS).withName("web").get())
        .isNotNull();
  }

  private static String greeting(String where) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: greeting
          namespace: transforms
          annotations: {control.kubestellar.io/expand-templates: "true"}
        data:
          where: "%s"
        """
        .formatted(where);
  }

  private static String leaver(boolean selected) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: leaver
          namespace: transforms
          labels: {app.kubernetes.io/part-of: %s}
        data:
          value: "1"
        """
        .formatted(selected ? "transforms-it" : "something-else");
  }

  private static String greetingOn(String cluster) {
    ConfigMap cm = wec(cluster).configMaps().inNamespace(NS).withName("greeting").get();
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
