package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.placement.controller.Apis;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.argocd.ArgoCdComponent;
import dev.orrery.spaces.argocd.LocalArgoCd;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's real ApplicationSet controller running on the ITS (as {@code argocd/README.md} says
 * this way needs) with the cluster decision resource generator reading the OCM PlacementDecisions
 * Orrery keeps in Argo CD's namespace, set up from the example files in {@code argocd/}: one
 * Application per cluster the BindingPolicy places on, following relabelling.
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
class ArgoCdClusterDecisionIT {
  /** The example ApplicationSet asks to be generated again every 60 s. */
  static final Duration WAIT = Duration.ofSeconds(150);

  static LocalSpaces spaces;
  static EmbeddedServer server;
  static LocalArgoCd argo;
  static KubernetesClient wds;
  static KubernetesClient its;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    Path dir = Path.of("target", "argocd-decision-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    argo =
        LocalArgoCd.start(
            s.its(), dir.resolve("argocd"), Set.of(ArgoCdComponent.APPLICATIONSET_CONTROLLER));
    for (String cluster : new String[] {"cluster1", "cluster2", "cluster3"}) {
      argo.registerCluster(cluster, s.wec(cluster).space());
    }
    server =
        LocalOrrery.start(
            s,
            dir.resolve("cache"),
            Map.of("orrery.argocd.placement-decision-namespace", LocalArgoCd.NAMESPACE));
    ArgoCdExamples.apply(its, "applicationset-rbac.yaml", Map.of());
    ArgoCdExamples.apply(its, "cluster-decision-configmap.yaml", Map.of());
    apply(
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: guestbook
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/instance: guestbook}
        """);
    // Argo CD's cluster decision resource generator fails on a label selector that finds no
    // PlacementDecision and retries only after its error requeue (3 min), not requeueAfterSeconds:
    // create the ApplicationSet once Orrery has written the policy's PlacementDecision, as
    // argocd/README.md tells users to.
    await()
        .atMost(WAIT)
        .until(
            () ->
                !its.genericKubernetesResources(
                        "cluster.open-cluster-management.io/v1beta1", "PlacementDecision")
                    .inNamespace(LocalArgoCd.NAMESPACE)
                    .withLabel("cluster.open-cluster-management.io/placement", "guestbook")
                    .list()
                    .getItems()
                    .isEmpty());
    ArgoCdExamples.apply(its, "applicationset-cluster-decision.yaml", Map.of());
  }

  @AfterAll
  static void stop() {
    if (argo != null) {
      argo.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void declaredLabels() {
    label("cluster3", "core");
  }

  @Test
  void theApplicationSetGeneratesOneApplicationPerClusterInThePlacementDecisions() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, GenericKubernetesResource> apps = ArgoCdExamples.applications(its);
              assertThat(apps).containsOnlyKeys("guestbook-cluster1", "guestbook-cluster2");
              expectApplication(apps.get("guestbook-cluster1"), "cluster1");
              expectApplication(apps.get("guestbook-cluster2"), "cluster2");
            });
  }

  @Test
  void aClusterTheBindingPolicyNewlySelectsGetsItsApplication() {
    label("cluster3", "edge");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, GenericKubernetesResource> apps = ArgoCdExamples.applications(its);
              assertThat(apps)
                  .containsOnlyKeys(
                      "guestbook-cluster1", "guestbook-cluster2", "guestbook-cluster3");
              expectApplication(apps.get("guestbook-cluster3"), "cluster3");
            });
    label("cluster3", "core");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(ArgoCdExamples.applications(its))
                    .containsOnlyKeys("guestbook-cluster1", "guestbook-cluster2"));
  }

  private static void expectApplication(GenericKubernetesResource app, String cluster) {
    assertThat(ArgoCdExamples.at(app, "spec", "destination", "server"))
        .isEqualTo(spaces.wec(cluster).space().server().toString());
    assertThat(ArgoCdExamples.at(app, "spec", "destination", "namespace")).isEqualTo("guestbook");
  }

  private static void label(String cluster, String locationGroup) {
    its.genericKubernetesResources(Apis.MANAGED_CLUSTERS)
        .withName(cluster)
        .edit(
            mc -> {
              mc.getMetadata().getLabels().put("location-group", locationGroup);
              return mc;
            });
  }

  private static void apply(String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }
}
