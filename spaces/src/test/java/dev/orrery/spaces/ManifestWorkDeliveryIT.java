package dev.orrery.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A ManifestWork written into a WEC's mailbox in the ITS is applied there by the real OCM work
 * agent.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "wec1",
          labels = {"name=wec1", "location-group=edge"}),
      @WithSpaces.Wec(
          name = "wec2",
          labels = {"name=wec2", "location-group=edge"})
    })
class ManifestWorkDeliveryIT {
  static final ResourceDefinitionContext MANIFEST_WORKS =
      new ResourceDefinitionContext.Builder()
          .withGroup("work.open-cluster-management.io")
          .withVersion("v1")
          .withKind("ManifestWork")
          .withPlural("manifestworks")
          .withNamespaced(true)
          .build();

  @Test
  void manifestWorkDeliversDeploymentReportsStatusAndDeletionRemovesIt(LocalSpaces spaces) {
    KubernetesClient its = spaces.its().client();
    KubernetesClient wec1 = spaces.wec("wec1").space().client();

    assertThat(
            its.genericKubernetesResources(
                    "cluster.open-cluster-management.io/v1", "ManagedCluster")
                .withName("wec1")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("location-group", "edge");

    its.genericKubernetesResources(MANIFEST_WORKS)
        .inNamespace("wec1")
        .resource(manifestWork())
        .create();

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Deployment d = wec1.apps().deployments().inNamespace("demo").withName("web").get();
              assertThat(d).isNotNull();
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
            });

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              GenericKubernetesResource work =
                  its.genericKubernetesResources(MANIFEST_WORKS)
                      .inNamespace("wec1")
                      .withName("demo-web")
                      .get();
              Map<String, Object> status = map(work.getAdditionalProperties().get("status"));
              assertThat(conditionStatus(status, "Applied")).isEqualTo("True");
              assertThat(conditionStatus(status, "Available")).isEqualTo("True");
              Map<String, Object> feedback = deploymentFeedback(status);
              assertThat(feedback.get("type")).isEqualTo("JsonRaw");
              Map<String, Object> deploymentStatus =
                  map(Serialization.unmarshal((String) feedback.get("jsonRaw"), Map.class));
              assertThat(deploymentStatus)
                  .containsEntry("availableReplicas", 2)
                  .containsEntry("readyReplicas", 2);
            });

    assertThat(
            spaces
                .wec("wec2")
                .space()
                .client()
                .apps()
                .deployments()
                .inNamespace("demo")
                .withName("web")
                .get())
        .as("a ManifestWork in wec1's mailbox must not reach wec2")
        .isNull();

    its.genericKubernetesResources(MANIFEST_WORKS)
        .inNamespace("wec1")
        .withName("demo-web")
        .delete();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(wec1.apps().deployments().inNamespace("demo").withName("web").get())
                    .isNull());
  }

  private static GenericKubernetesResource manifestWork() {
    String yaml =
        """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata:
          name: demo-web
          namespace: wec1
        spec:
          workload:
            manifests:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: demo
            - apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: web
                namespace: demo
              spec:
                replicas: 2
                selector:
                  matchLabels: {app: web}
                template:
                  metadata:
                    labels: {app: web}
                  spec:
                    containers:
                    - name: web
                      image: nginx:1.27
          manifestConfigs:
          - resourceIdentifier: {group: apps, resource: deployments, namespace: demo, name: web}
            feedbackRules:
            - type: JSONPaths
              jsonPaths:
              - name: status
                path: .status
        """;
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  private static String conditionStatus(Map<String, Object> status, String type) {
    List<Map<String, Object>> conditions = list(status.get("conditions"));
    return conditions.stream()
        .filter(c -> type.equals(c.get("type")))
        .map(c -> (String) c.get("status"))
        .findFirst()
        .orElse(null);
  }

  private static Map<String, Object> deploymentFeedback(Map<String, Object> status) {
    List<Map<String, Object>> manifests = list(map(status.get("resourceStatus")).get("manifests"));
    Map<String, Object> deployment =
        manifests.stream()
            .filter(m -> "Deployment".equals(map(m.get("resourceMeta")).get("kind")))
            .findFirst()
            .orElseThrow();
    List<Map<String, Object>> values = list(map(deployment.get("statusFeedback")).get("values"));
    return map(
        values.stream()
            .filter(v -> "status".equals(v.get("name")))
            .findFirst()
            .orElseThrow()
            .get("fieldValue"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }
}
