package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.placement.controller.Apis;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Orrery's service as Argo CD's ApplicationSet controller uses it, on real spaces: the plugin
 * generator answers from the live placement (server URLs, labels, revision, state), the token comes
 * from a WDS Secret and can be rotated, PlacementDecisions are published for the cluster decision
 * resource generator, and a lost ITS makes the generator fail instead of answering with nothing.
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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArgoPluginGeneratorIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String TOKEN = "argo-plugin-token-1";
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
    Path dir = Path.of("target", "argo-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    server =
        LocalOrrery.start(
            s,
            dir.resolve("cache"),
            Map.of(
                "orrery.argocd.token-cache-seconds",
                0,
                "orrery.argocd.placement-decision-namespace",
                "argocd"));
    argo = new ApplicationSetControllerClient(server.getURI());
    wds.resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("orrery-system")
                .endMetadata()
                .build())
        .fieldManager("kubectl")
        .serverSideApply();
    writeToken(TOKEN);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void aBindingPolicyAnswersWithItsClustersAsOrreryLastSawThem() {
    argoCdApply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: guestbook
          labels: {app.kubernetes.io/instance: guestbook}
        """);
    argoCdApply(
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
          annotations: {gitops.orrery.dev/revision: policy-rev}
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/instance: guestbook}
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ApplicationSetControllerClient.Reply reply =
                  argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"guestbook\"}");
              assertThat(reply.status()).as(reply.text()).isEqualTo(200);
              assertThat(reply.json())
                  .isEqualTo(
                      Map.of(
                          "output",
                          Map.of(
                              "parameters",
                              List.of(
                                  expected("cluster1", "edge", "1111aaaa", "Available"),
                                  expected("cluster2", "edge", "1111aaaa", "Available")))));
            });
    assertThat(
            spaces
                .wec("cluster1")
                .space()
                .client()
                .configMaps()
                .inNamespace("guestbook")
                .withName("guestbook-ui")
                .get()
                .getData())
        .containsEntry("colour", "blue");
  }

  @Test
  @Order(2)
  void aLabelSelectorAnswersWithTheMatchingManagedClusters() {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "core", "{\"labelSelector\":\"location-group=core\"}");
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.json())
        .isEqualTo(
            Map.of(
                "output",
                Map.of("parameters", List.of(expected("cluster3", "core", "", "Unknown")))));
  }

  @Test
  @Order(3)
  void thePlacementDecisionFollowsThePolicyAndTheAnswerFollowsRelabelling() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(decidedClusters("guestbook")).containsExactly("cluster1", "cluster2"));
    its.genericKubernetesResources(Apis.MANAGED_CLUSTERS)
        .withName("cluster3")
        .edit(
            mc -> {
              mc.getMetadata().getLabels().put("location-group", "edge");
              return mc;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(decidedClusters("guestbook"))
                  .containsExactly("cluster1", "cluster2", "cluster3");
              ApplicationSetControllerClient.Reply reply =
                  argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"guestbook\"}");
              assertThat(reply.json())
                  .isEqualTo(
                      Map.of(
                          "output",
                          Map.of(
                              "parameters",
                              List.of(
                                  expected("cluster1", "edge", "1111aaaa", "Available"),
                                  expected("cluster2", "edge", "1111aaaa", "Available"),
                                  expected("cluster3", "edge", "1111aaaa", "Available")))));
            });
  }

  @Test
  @Order(4)
  void theTokenComesFromTheWdsSecretAndCanBeRotated() {
    assertThat(argo.getParams(null, "guestbook", "{\"bindingPolicy\":\"guestbook\"}").status())
        .isEqualTo(403);
    assertThat(argo.getParams("wrong", "guestbook", "{\"bindingPolicy\":\"guestbook\"}").status())
        .isEqualTo(403);
    writeToken("argo-plugin-token-2");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        argo.getParams(
                                "argo-plugin-token-2",
                                "guestbook",
                                "{\"bindingPolicy\":\"guestbook\"}")
                            .status())
                    .isEqualTo(200));
    assertThat(argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"guestbook\"}").status())
        .isEqualTo(403);
    writeToken(TOKEN);
  }

  @Test
  @Order(5)
  void anUnknownPolicyIsNotFound() {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"no-such-policy\"}");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json()).isEqualTo(Map.of("message", "BindingPolicy no-such-policy not found"));
  }

  @Test
  @Order(6)
  void whenTheInventoryCannotBeReadTheGeneratorFailsRatherThanAnsweringWithNothing() {
    spaces.its().processes().stream()
        .filter(p -> p.name().contains("apiserver"))
        .forEach(ChildProcess::close);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ApplicationSetControllerClient.Reply reply =
                  argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"guestbook\"}");
              assertThat(reply.status()).as(reply.text()).isEqualTo(503);
              assertThat((String) reply.json().get("message"))
                  .contains("cannot read Orrery's cluster inventory");
            });
  }

  private static Map<String, Object> expected(
      String cluster, String group, String revision, String state) {
    return Map.of(
        "name",
        cluster,
        "server",
        spaces.wec(cluster).space().server().toString(),
        "labels",
        Map.of("location-group", group, "name", cluster),
        "revision",
        revision,
        "state",
        state);
  }

  private static void writeToken(String token) {
    wds.resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("orrery-argocd-plugin")
                .withNamespace("orrery-system")
                .endMetadata()
                .withStringData(Map.of("token", token + "\n"))
                .build())
        .fieldManager("kubectl")
        .forceConflicts()
        .serverSideApply();
  }

  private static List<String> decidedClusters(String policy) {
    return its
        .genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
        .inNamespace("argocd")
        .withLabel("cluster.open-cluster-management.io/placement", policy)
        .list()
        .getItems()
        .stream()
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
        .flatMap(d -> decisionList(d).stream())
        .toList();
  }

  private static List<String> decisionList(GenericKubernetesResource decision) {
    Object status = decision.getAdditionalProperties().get("status");
    Object list = status instanceof Map<?, ?> m ? m.get("decisions") : null;
    return list instanceof List<?> l
        ? l.stream().map(e -> String.valueOf(((Map<?, ?>) e).get("clusterName"))).toList()
        : List.of();
  }

  /**
   * As Argo CD's application controller writes with {@code syncOptions: [ServerSideApply=true]}.
   */
  private static void argoCdApply(String yaml) {
    apply("argocd-controller", yaml);
  }

  private static void apply(String fieldManager, String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager(fieldManager).forceConflicts().serverSideApply();
  }
}
