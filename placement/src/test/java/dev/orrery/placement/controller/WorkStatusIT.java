package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Returned status from KubeStellar WorkStatus objects, as a status add-on writes them into a WEC's
 * mailbox: read once their CRD appears (no restart), used for singleton status, and ignored when
 * they come from another WDS. The cluster has no agent, so WorkStatus is the only status source.
 */
@WithSpaces
class WorkStatusIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void singletonStatusComesFromTheWorkStatusOfThisWds(LocalSpaces spaces) throws Exception {
    KubernetesClient wds = spaces.wds().client();
    KubernetesClient its = spaces.its().client();
    its.resource(new NamespaceBuilder().withNewMetadata().withName("ghost").endMetadata().build())
        .create();
    its.resource(
            Serialization.unmarshal(
                """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: ghost, labels: {name: ghost}}
        spec: {hubAcceptsClient: true}
        """,
                GenericKubernetesResource.class))
        .create();
    try (PlacementService placement =
        new PlacementService(wds, its, PlacementService.Settings.defaults("wds1"))) {
      placement.start();
      wds.resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
          .create();
      wds.resource(
              Serialization.unmarshal(
                  """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: shop, labels: {app: web}}
          spec:
            replicas: 3
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec: {containers: [{name: web, image: nginx}]}
          """,
                  Deployment.class))
          .create();
      wds.resource(
              Serialization.unmarshal(
                  """
          apiVersion: control.kubestellar.io/v1alpha1
          kind: BindingPolicy
          metadata: {name: web}
          spec:
            clusterSelectors: [{matchLabels: {name: ghost}}]
            downsync: [{objectSelectors: [{matchLabels: {app: web}}], wantSingletonReportedState: true}]
          """,
                  GenericKubernetesResource.class))
          .create();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  !its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                      .inNamespace("ghost")
                      .list()
                      .getItems()
                      .isEmpty());

      // The status add-on arrives after Orrery started: its CRD, then its WorkStatus objects.
      HasMetadata crd =
          its.load(WorkStatusIT.class.getResourceAsStream("/kubestellar/workstatuses.yaml"))
              .items()
              .get(0);
      its.resource(crd).create();
      its.apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(Apis.WORK_STATUS_CRD)
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  "Established".equals(x.getType())
                                      && "True".equals(x.getStatus())),
              30,
              TimeUnit.SECONDS);
      writeWorkStatus(its, "appsv1-deployment-shop-web", "wds1", 3);

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Deployment web = wds.apps().deployments().inNamespace("shop").withName("web").get();
                assertThat(web.getStatus()).isNotNull();
                assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(3);
                assertThat(web.getMetadata().getLabels())
                    .containsEntry(Apis.SINGLETON_LABEL, "true");
              });

      // A WorkStatus of another WDS about a same-named object is not ours.
      writeWorkStatus(its, "other-wds-web", "wds2", 1);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          wds.apps()
                              .deployments()
                              .inNamespace("shop")
                              .withName("web")
                              .get()
                              .getStatus()
                              .getAvailableReplicas())
                      .isEqualTo(3));

      // Our WorkStatus goes: nothing reports for the only cluster any more.
      its.genericKubernetesResources(Apis.WORK_STATUSES)
          .inNamespace("ghost")
          .withName("appsv1-deployment-shop-web")
          .delete();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Deployment web = wds.apps().deployments().inNamespace("shop").withName("web").get();
                assertThat(web.getStatus() == null ? null : web.getStatus().getAvailableReplicas())
                    .isNull();
              });
    }
  }

  private static void writeWorkStatus(
      KubernetesClient its, String name, String wds, int available) {
    // Addressed by its plural, not through the client's discovery, which may not list the
    // just-installed WorkStatus CRD's kind yet ("Could not find a registered handler").
    GenericKubernetesResource ws =
        its.genericKubernetesResources(Apis.WORK_STATUSES)
            .inNamespace("ghost")
            .resource(
                Serialization.unmarshal(
                    """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: WorkStatus
        metadata:
          name: %s
          namespace: ghost
          labels: {transport.kubestellar.io/originWdsName: %s}
        spec:
          sourceRef: {group: apps, version: v1, resource: deployments, kind: Deployment, namespace: shop, name: web}
        """
                        .formatted(name, wds),
                    GenericKubernetesResource.class))
            .create();
    ws.setAdditionalProperty(
        "status",
        Map.of(
            "replicas",
            3,
            "readyReplicas",
            available,
            "availableReplicas",
            available,
            "observedGeneration",
            1));
    its.genericKubernetesResources(Apis.WORK_STATUSES)
        .inNamespace("ghost")
        .resource(ws)
        .updateStatus();
  }
}
