package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.match.ObjectKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WorkStatus objects as a source of returned status, beside (and over) ManifestWork feedback. */
class WorkStatusFeedbackTest {
  private static final ObjectKey WEB = new ObjectKey("apps", "deployments", "shop", "web");

  private static Map<String, Object> workStatus(String wds, String namespace, String status) {
    return Serialization.unmarshal(
        """
        {"apiVersion": "control.kubestellar.io/v1alpha1", "kind": "WorkStatus",
         "metadata": {"name": "appsv1-deployment-shop-web", "namespace": "cluster1",
                      "labels": {"transport.kubestellar.io/originWdsName": "%s"}},
         "spec": {"sourceRef": {"group": "apps", "version": "v1", "resource": "deployments", "kind": "Deployment",
                                "namespace": "%s", "name": "web"}}
         %s}
        """
            .formatted(wds, namespace, status == null ? "" : ", \"status\": " + status),
        Map.class);
  }

  private static GenericKubernetesResource workWithFeedback(String statusJson) {
    return Serialization.unmarshal(
        """
        {"apiVersion": "work.open-cluster-management.io/v1", "kind": "ManifestWork",
         "metadata": {"name": "w1", "namespace": "cluster1"},
         "status": {"resourceStatus": {"manifests": [{
           "resourceMeta": {"group": "apps", "resource": "deployments", "namespace": "shop", "name": "web"},
           "statusFeedback": {"values": [{"name": "status", "fieldValue": {"type": "JsonRaw", "jsonRaw": %s}}]}}]}}}
        """
            .formatted(Serialization.asJson(statusJson)),
        GenericKubernetesResource.class);
  }

  @Test
  void parsesTheSourceRefStatusAndOrigin() {
    WorkStatusRecord record =
        WorkStatusRecord.parse(workStatus("wds1", "shop", "{\"availableReplicas\": 3}"))
            .orElseThrow();

    assertThat(record.object()).isEqualTo(WEB);
    assertThat(record.status()).containsEntry("availableReplicas", 3);
    assertThat(record.belongsTo("wds1")).isTrue();
    assertThat(record.belongsTo("wds2")).isFalse();
    assertThat(WorkStatusRecord.parse(workStatus("wds1", "shop", null)).orElseThrow().status())
        .isNull();
    assertThat(WorkStatusRecord.parse(Map.of("spec", Map.of("sourceRef", Map.of("name", "web")))))
        .isEmpty();
  }

  @Test
  void aClusterScopedSourceHasAnEmptyNamespace() {
    WorkStatusRecord record =
        WorkStatusRecord.parse(
                Map.of(
                    "spec",
                    Map.of(
                        "sourceRef",
                        Map.of("group", "", "resource", "namespaces", "name", "shop"))))
            .orElseThrow();

    assertThat(record.object()).isEqualTo(new ObjectKey("", "namespaces", "", "shop"));
  }

  @Test
  void aWorkStatusWinsOverFeedbackAndFeedbackComesBackWhenItGoes() {
    FeedbackIndex index = new FeedbackIndex();
    assertThat(index.update("cluster1", "w1", workWithFeedback("{\"availableReplicas\": 2}")))
        .containsExactly(WEB);

    WorkStatusRecord record =
        WorkStatusRecord.parse(workStatus("wds1", "shop", "{\"availableReplicas\": 3}"))
            .orElseThrow();
    assertThat(index.updateWorkStatus("cluster1", "ws", record)).containsExactly(WEB);
    assertThat(index.reported(WEB)).containsEntry("cluster1", Map.of("availableReplicas", 3));
    assertThat(index.updateWorkStatus("cluster1", "ws", record))
        .as("the same again changes nothing")
        .isEmpty();
    assertThat(index.update("cluster1", "w1", workWithFeedback("{\"availableReplicas\": 1}")))
        .as("feedback under a WorkStatus changes what is feedback, not what is reported")
        .containsExactly(WEB);
    assertThat(index.reported(WEB)).containsEntry("cluster1", Map.of("availableReplicas", 3));

    assertThat(index.updateWorkStatus("cluster1", "ws", null)).containsExactly(WEB);
    assertThat(index.reported(WEB)).containsEntry("cluster1", Map.of("availableReplicas", 1));
  }

  @Test
  void aWorkStatusAloneReportsAndClearingForgetsIt() {
    FeedbackIndex index = new FeedbackIndex();
    WorkStatusRecord record =
        WorkStatusRecord.parse(workStatus("wds1", "shop", "{\"replicas\": 1}")).orElseThrow();
    index.updateWorkStatus("cluster2", "ws", record);

    assertThat(index.reported(WEB)).containsOnlyKeys("cluster2");
    assertThat(index.clearWorkStatuses()).containsExactly(WEB);
    assertThat(index.reported(WEB)).isEmpty();
  }

  @Test
  void aWorkStatusThatNowNamesAnotherObjectReleasesTheFirst() {
    FeedbackIndex index = new FeedbackIndex();
    index.updateWorkStatus(
        "cluster1",
        "ws",
        WorkStatusRecord.parse(workStatus("wds1", "shop", "{\"a\": 1}")).orElseThrow());

    ObjectKey other = new ObjectKey("apps", "deployments", "blog", "web");
    var changed =
        index.updateWorkStatus(
            "cluster1",
            "ws",
            WorkStatusRecord.parse(workStatus("wds1", "blog", "{\"a\": 1}")).orElseThrow());

    assertThat(changed).containsExactlyInAnyOrder(WEB, other);
    assertThat(index.reported(WEB)).isEmpty();
    assertThat(index.reported(other)).containsOnlyKeys("cluster1");
  }
}
