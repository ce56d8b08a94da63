package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.spaces.ChildProcess;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's plugin generator when Orrery loses its ITS: it fails rather than answering with
 * nothing. A class of its own because it stops the ITS's API server, which no other test could then
 * use; no WEC, as the answer is about the inventory only (ManagedCluster cluster1, registered by
 * hand).
 */
@WithSpaces
class ArgoPluginGeneratorOutageIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String TOKEN = "argo-plugin-token-1";
  static final String PARAMS = "{\"bindingPolicy\":\"guestbook\"}";
  static LocalSpaces spaces;
  static EmbeddedServer server;
  static KubernetesClient wds;
  static KubernetesClient its;
  static ApplicationSetControllerClient argo;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    Path dir = Path.of("target", "argo-outage-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    server = LocalOrrery.start(s, dir.resolve("cache"), Map.of());
    argo = new ApplicationSetControllerClient(server.getURI());
    apply(new NamespaceBuilder().withNewMetadata().withName("orrery-system").endMetadata().build());
    apply(
        new SecretBuilder()
            .withNewMetadata()
            .withName("orrery-argocd-plugin")
            .withNamespace("orrery-system")
            .endMetadata()
            .withStringData(Map.of("token", TOKEN + "\n"))
            .build());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void whenTheInventoryCannotBeReadTheGeneratorFailsRatherThanAnsweringWithNothing() {
    its.resource(
            Serialization.unmarshal(
                """
                apiVersion: cluster.open-cluster-management.io/v1
                kind: ManagedCluster
                metadata: {name: cluster1, labels: {location-group: edge}}
                spec: {hubAcceptsClient: true}
                """,
                GenericKubernetesResource.class))
        .create();
    apply(
        Serialization.unmarshal(
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
            """));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ApplicationSetControllerClient.Reply reply =
                  argo.getParams(TOKEN, "guestbook", PARAMS);
              assertThat(reply.status()).as(reply.text()).isEqualTo(200);
              assertThat(reply.text()).contains("cluster1");
            });

    spaces.its().processes().stream()
        .filter(p -> p.name().contains("apiserver"))
        .forEach(ChildProcess::close);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ApplicationSetControllerClient.Reply reply =
                  argo.getParams(TOKEN, "guestbook", PARAMS);
              assertThat(reply.status()).as(reply.text()).isEqualTo(503);
              assertThat((String) reply.json().get("message"))
                  .contains("cannot read Orrery's cluster inventory");
            });
  }

  private static void apply(HasMetadata object) {
    wds.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }
}
