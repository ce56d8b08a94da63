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
 * Argo CD's real ApplicationSet controller (built from its Go module, running against the WDS) with
 * Orrery's plugin generator, set up from the example files in {@code argocd/}: one Application per
 * cluster the BindingPolicy places on, carrying Orrery's parameters, following relabelling. The
 * WECs are registered with Argo CD as clusters under their ManagedCluster names.
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
class ArgoCdPluginGeneratorIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static final String TOKEN = "argo-cd-plugin-token";
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
    Path dir = Path.of("target", "argocd-plugin-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    server =
        LocalOrrery.start(s, dir.resolve("cache"), Map.of("orrery.argocd.token-cache-seconds", 0));
    argo =
        LocalArgoCd.start(
            s.wds(), dir.resolve("argocd"), Set.of(ArgoCdComponent.APPLICATIONSET_CONTROLLER));
    for (String cluster : new String[] {"cluster1", "cluster2", "cluster3"}) {
      argo.registerCluster(cluster, s.wec(cluster).space());
    }
    String baseUrl = server.getURI().toString().replaceAll("/$", "");
    Map<String, String> token = Map.of("change-me-to-a-long-random-value", TOKEN);
    ArgoCdExamples.apply(wds, "orrery-token-secret.yaml", token);
    ArgoCdExamples.apply(wds, "plugin-secret.yaml", token);
    ArgoCdExamples.apply(
        wds,
        "plugin-configmap.yaml",
        Map.of("http://orrery.orrery-system.svc.cluster.local:8080", baseUrl));
    placeGuestbook();
    ArgoCdExamples.apply(wds, "applicationset-plugin.yaml", Map.of());
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
  void theApplicationSetGeneratesOneApplicationPerPlacedClusterWithOrrerysParameters() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, GenericKubernetesResource> apps = ArgoCdExamples.applications(wds);
              assertThat(apps).containsOnlyKeys("guestbook-cluster1", "guestbook-cluster2");
              expectApplication(apps.get("guestbook-cluster1"), "cluster1");
              expectApplication(apps.get("guestbook-cluster2"), "cluster2");
            });
    GenericKubernetesResource appSet =
        wds.genericKubernetesResources("argoproj.io/v1alpha1", "ApplicationSet")
            .inNamespace("argocd")
            .withName("guestbook-orrery-plugin")
            .get();
    assertThat(conditionStatus(appSet, "ErrorOccurred")).isEqualTo("False");
  }

  @Test
  void aClusterTheBindingPolicyNewlySelectsGetsItsApplication() {
    label("cluster3", "edge");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, GenericKubernetesResource> apps = ArgoCdExamples.applications(wds);
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
                assertThat(ArgoCdExamples.applications(wds))
                    .containsOnlyKeys("guestbook-cluster1", "guestbook-cluster2"));
  }

  private static void expectApplication(GenericKubernetesResource app, String cluster) {
    assertThat(app.getMetadata().getLabels()).containsEntry("orrery.dev/cluster", cluster);
    assertThat(app.getMetadata().getAnnotations())
        .containsEntry("orrery.dev/location-group", "edge")
        .containsEntry("orrery.dev/revision", "1111aaaa")
        .containsEntry("orrery.dev/state", "Available");
    assertThat(ArgoCdExamples.at(app, "spec", "destination", "server"))
        .isEqualTo(spaces.wec(cluster).space().server().toString());
    assertThat(ArgoCdExamples.at(app, "spec", "destination", "namespace")).isEqualTo("guestbook");
    assertThat(ArgoCdExamples.at(app, "spec", "project")).isEqualTo("default");
  }

  static String conditionStatus(GenericKubernetesResource object, String type) {
    Object conditions = ArgoCdExamples.at(object, "status", "conditions");
    if (conditions instanceof java.util.List<?> list) {
      for (Object c : list) {
        if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
          return String.valueOf(m.get("status"));
        }
      }
    }
    return null;
  }

  /**
   * Namespace and ConfigMap {@code guestbook-ui} as Argo CD applies them, ConfigMap {@code
   * guestbook-settings} as Orrery applies it (revision {@code 1111aaaa}) and BindingPolicy {@code
   * guestbook} (the one {@code applicationset-plugin.yaml} names) over the edge clusters.
   */
  private static void placeGuestbook() {
    apply(
        "argocd-controller",
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: guestbook
          labels: {app.kubernetes.io/instance: guestbook}
        """);
    apply(
        "argocd-controller",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: guestbook-ui
          namespace: guestbook
          labels: {app.kubernetes.io/instance: guestbook}
        data: {colour: blue}
        """);
    apply(
        "orrery",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: guestbook-settings
          namespace: guestbook
          labels: {app.kubernetes.io/instance: guestbook}
          annotations: {gitops.orrery.dev/revision: 1111aaaa}
        data: {mode: fast}
        """);
    apply(
        "kubectl",
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

  private static void apply(String fieldManager, String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager(fieldManager).forceConflicts().serverSideApply();
  }
}
