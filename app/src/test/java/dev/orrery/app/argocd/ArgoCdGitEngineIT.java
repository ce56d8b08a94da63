package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.argocd.ArgoCdComponent;
import dev.orrery.spaces.argocd.LocalArgoCd;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Argo CD as the Git engine, Orrery placing onward, with real Argo CD programs (application
 * controller, repo-server, Redis) running against the WDS, registered with Argo CD as cluster
 * {@code wds1}: the Application of {@code argocd/application-into-wds.yaml} syncs a repository of
 * workloads and a BindingPolicy from a local Git server into the WDS, and Orrery delivers them to
 * the WECs the policy selects.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"location-group=edge"}),
      @WithSpaces.Wec(
          name = "cluster2",
          labels = {"location-group=core"})
    })
class ArgoCdGitEngineIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static LocalSpaces spaces;
  static EmbeddedServer server;
  static LocalArgoCd argo;
  static LocalGitServer git;
  static LocalGitServer.WorkClone fleet;
  static KubernetesClient wds;

  @BeforeAll
  static void start(LocalSpaces s) throws Exception {
    spaces = s;
    wds = s.wds().client();
    Path dir = Path.of("target", "argocd-git-engine-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    git = LocalGitServer.start(dir.resolve("git"));
    fleet =
        git.create("fleet")
            .write(
                "namespace.yaml",
                """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: fleet-app
                  labels: {app.kubernetes.io/part-of: fleet}
                """)
            .write("app/settings.yaml", settings("blue"))
            .write(
                "policies/edge.yaml",
                """
                apiVersion: control.kubestellar.io/v1alpha1
                kind: BindingPolicy
                metadata:
                  name: fleet-edge
                spec:
                  clusterSelectors:
                  - matchLabels: {location-group: edge}
                  downsync:
                  - objectSelectors:
                    - matchLabels: {app.kubernetes.io/part-of: fleet}
                """);
    fleet.commitAndPush("fleet");
    server = LocalOrrery.start(s, dir.resolve("cache"), Map.of());
    argo =
        LocalArgoCd.start(
            s.wds(), dir.resolve("argocd"), Set.of(ArgoCdComponent.APPLICATION_CONTROLLER));
    argo.registerCluster("wds1", s.wds());
    ArgoCdExamples.apply(
        wds,
        "application-into-wds.yaml",
        Map.of("https://git.example.com/platform/fleet.git", git.url("fleet")));
  }

  @AfterAll
  static void stop() {
    if (argo != null) {
      argo.close();
    }
    if (server != null) {
      server.close();
    }
    if (git != null) {
      git.close();
    }
  }

  @Test
  void theApplicationSyncsTheRepositoryIntoTheWdsAndOrreryPlacesItOnTheSelectedWecs()
      throws Exception {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(colour(spaces.wec("cluster1").space().client())).isEqualTo("blue");
              assertThat(wds.configMaps().inNamespace("fleet-app").withName("settings").get())
                  .isNotNull();
              GenericKubernetesResource app = application();
              assertThat(ArgoCdExamples.at(app, "status", "sync", "status")).isEqualTo("Synced");
              assertThat(ArgoCdExamples.at(app, "status", "health", "status")).isEqualTo("Healthy");
            });
    assertThat(
            spaces
                .wec("cluster2")
                .space()
                .client()
                .configMaps()
                .inNamespace("fleet-app")
                .withName("settings")
                .get())
        .isNull();
    assertThat(
            wds.configMaps()
                .inNamespace("fleet-app")
                .withName("settings")
                .get()
                .getMetadata()
                .getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("argocd-controller"));

    String commit = fleet.write("app/settings.yaml", settings("green")).commitAndPush("green");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(colour(spaces.wec("cluster1").space().client())).isEqualTo("green");
              GenericKubernetesResource app = application();
              assertThat(ArgoCdExamples.at(app, "status", "sync", "revision")).isEqualTo(commit);
              assertThat(ArgoCdExamples.at(app, "status", "sync", "status")).isEqualTo("Synced");
            });
  }

  private static GenericKubernetesResource application() {
    return wds.genericKubernetesResources("argoproj.io/v1alpha1", "Application")
        .inNamespace("argocd")
        .withName("fleet-into-wds")
        .get();
  }

  private static String colour(KubernetesClient wec) {
    ConfigMap cm = wec.configMaps().inNamespace("fleet-app").withName("settings").get();
    return cm == null ? null : cm.getData().get("colour");
  }

  private static String settings(String colour) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: fleet-app
          labels: {app.kubernetes.io/part-of: fleet}
        data: {colour: %s}
        """
        .formatted(colour);
  }
}
