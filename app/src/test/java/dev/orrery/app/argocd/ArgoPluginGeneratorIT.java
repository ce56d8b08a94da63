package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.placement.controller.Apis;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Orrery's service as Argo CD's ApplicationSet controller uses it, on real spaces: the plugin
 * generator answers from the live placement (server URLs, labels, revision, state), the token comes
 * from a WDS Secret and can be rotated, PlacementDecisions are published for the cluster decision
 * resource generator ({@link ArgoPluginGeneratorOutageIT}: a lost ITS makes the generator fail
 * instead of answering with nothing).
 *
 * <p>The spaces and the service are shared by the class; each test places its own application and
 * starts from the clusters' declared labels and the first token, so tests pass alone and in any
 * order.
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

  @BeforeEach
  void declaredLabelsAndTheFirstToken() {
    label("cluster1", "edge");
    label("cluster2", "edge");
    label("cluster3", "core");
    writeToken(TOKEN);
  }

  @Test
  void aBindingPolicyAnswersWithItsClustersAsOrreryLastSawThem() {
    placeGuestbook("guestbook");
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
  void aLabelSelectorAnswersWithTheMatchingManagedClusters() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ApplicationSetControllerClient.Reply reply =
                  argo.getParams(TOKEN, "core", "{\"labelSelector\":\"location-group=core\"}");
              assertThat(reply.status()).as(reply.text()).isEqualTo(200);
              assertThat(reply.json())
                  .isEqualTo(
                      Map.of(
                          "output",
                          Map.of(
                              "parameters", List.of(expected("cluster3", "core", "", "Unknown")))));
            });
  }

  @Test
  void thePlacementDecisionFollowsThePolicyAndTheAnswerFollowsRelabelling() {
    placeGuestbook("relabel");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(decidedClusters("relabel")).containsExactly("cluster1", "cluster2"));
    label("cluster3", "edge");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(decidedClusters("relabel"))
                  .containsExactly("cluster1", "cluster2", "cluster3");
              ApplicationSetControllerClient.Reply reply =
                  argo.getParams(TOKEN, "relabel", "{\"bindingPolicy\":\"relabel\"}");
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
  void theTokenComesFromTheWdsSecretAndCanBeRotated() {
    placeGuestbook("tokens");
    String params = "{\"bindingPolicy\":\"tokens\"}";
    assertThat(argo.getParams(null, "tokens", params).status()).isEqualTo(403);
    assertThat(argo.getParams("wrong", "tokens", params).status()).isEqualTo(403);
    writeToken("argo-plugin-token-2");
    try {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(argo.getParams("argo-plugin-token-2", "tokens", params).status())
                      .isEqualTo(200));
      assertThat(argo.getParams(TOKEN, "tokens", params).status()).isEqualTo(403);
    } finally {
      writeToken(TOKEN);
    }
  }

  @Test
  void anUnknownPolicyIsNotFound() {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"no-such-policy\"}");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json()).isEqualTo(Map.of("message", "BindingPolicy no-such-policy not found"));
  }

  /**
   * Namespace {@code app} and ConfigMap {@code app/guestbook-ui} as Argo CD applies them, ConfigMap
   * {@code app/guestbook-settings} as Orrery applies it (revision {@code 1111aaaa}), and
   * BindingPolicy {@code app} over the edge clusters; returns once the generator answers for it
   * with cluster1 and cluster2, Available.
   */
  private static void placeGuestbook(String app) {
    argoCdApply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels: {app.kubernetes.io/instance: %s}
        """
            .formatted(app, app));
    argoCdApply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: guestbook-ui
          namespace: %s
          labels: {app.kubernetes.io/instance: %s}
        data: {colour: blue}
        """
            .formatted(app, app));
    apply(
        "orrery",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: guestbook-settings
          namespace: %s
          labels: {app.kubernetes.io/instance: %s}
          annotations: {gitops.orrery.dev/revision: 1111aaaa}
        data: {mode: fast}
        """
            .formatted(app, app));
    apply(
        "kubectl",
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: %s
          annotations: {gitops.orrery.dev/revision: policy-rev}
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - objectSelectors:
            - matchLabels: {app.kubernetes.io/instance: %s}
        """
            .formatted(app, app));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ApplicationSetControllerClient.Reply reply =
                  argo.getParams(TOKEN, app, "{\"bindingPolicy\":\"%s\"}".formatted(app));
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
