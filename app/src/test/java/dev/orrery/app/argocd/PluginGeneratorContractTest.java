package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.placement.controller.PolicyPlacement;
import dev.orrery.placement.status.DeliveryState;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin generator as Argo CD's ApplicationSet controller sees it: the exact request it sends,
 * the response shape it decodes, token handling and every failure mode, against the real HTTP
 * server with hand-written placement and token fakes.
 */
class PluginGeneratorContractTest {
  static final String TOKEN = "s3cret-plugin-token";
  static EmbeddedServer server;
  static FakePlacementReader placement;
  static FakePluginTokenStore tokens;
  static ApplicationSetControllerClient argo;

  @BeforeAll
  static void start() {
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port", -1,
                "orrery.controllers.enabled", "false",
                "orrery.argocd.server-key", "orrery.dev/argocd-server"),
            FakePlacementReader.ENV,
            FakePluginTokenStore.ENV);
    placement = server.getApplicationContext().getBean(FakePlacementReader.class);
    tokens = server.getApplicationContext().getBean(FakePluginTokenStore.class);
    argo = new ApplicationSetControllerClient(server.getURI());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void fleet() {
    placement.reset();
    tokens.token = TOKEN;
    tokens.unreadable = false;
    placement
        .cluster(
            "cluster1",
            "https://10.0.0.1:6443",
            Map.of("location-group", "edge", "name", "cluster1"),
            Map.of())
        .cluster(
            "cluster2",
            "https://10.0.0.2:6443",
            Map.of("location-group", "edge", "name", "cluster2"),
            Map.of())
        .cluster(
            "cluster3",
            "https://10.0.0.3:6443",
            Map.of("location-group", "core", "name", "cluster3"),
            Map.of())
        .policy(
            "edge",
            List.of("cluster2", "cluster1"),
            Map.of("gitops.orrery.dev/revision", "policy-rev"))
        .delivery("cluster1", "edge", DeliveryState.AVAILABLE, "abc123")
        .delivery("cluster2", "edge", DeliveryState.PROGRESSING, null);
  }

  @Test
  void aBindingPolicyRequestGetsOneStringParameterSetPerPlacedCluster() throws Exception {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    assertThat(reply.json())
        .isEqualTo(
            json(
                """
        {"output": {"parameters": [
          {"name": "cluster1", "server": "https://10.0.0.1:6443",
           "labels": {"location-group": "edge", "name": "cluster1"}, "revision": "abc123", "state": "Available"},
          {"name": "cluster2", "server": "https://10.0.0.2:6443",
           "labels": {"location-group": "edge", "name": "cluster2"}, "revision": "policy-rev", "state": "Progressing"}
        ]}}
        """));
  }

  @Test
  void aClusterSelectorObjectSelectsByManagedClusterLabels() throws Exception {
    placement.delivery("cluster3", null, DeliveryState.DEGRADED, "def456");
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(
            TOKEN,
            "core-apps",
            "{\"clusterSelector\":{\"matchExpressions\":[{\"key\":\"location-group\",\"operator\":\"In\",\"values\":[\"core\"]}]}}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(parameters(reply))
        .containsExactly(
            Map.of(
                "name",
                "cluster3",
                "server",
                "https://10.0.0.3:6443",
                "labels",
                Map.of("location-group", "core", "name", "cluster3"),
                "revision",
                "def456",
                "state",
                "Degraded"));
  }

  @Test
  void aStringLabelSelectorWorksLikeKubectlDashL() {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(
            TOKEN, "edge-apps", "{\"labelSelector\":\"location-group in (edge),name!=cluster2\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(parameters(reply)).extracting(p -> p.get("name")).containsExactly("cluster1");
    assertThat(parameters(reply).get(0))
        .containsEntry("state", "Unknown")
        .containsEntry("revision", "");
  }

  @Test
  void aSelectionOfNoClusterIsALegitimateEmptyList() {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "none", "{\"labelSelector\":\"location-group=moon\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(Map.of("output", Map.of("parameters", List.of())));
  }

  @Test
  void theConfiguredAnnotationOverridesTheClientConfigUrl() {
    placement.clusters.clear();
    placement.cluster(
        "cluster1",
        "https://10.0.0.1:6443",
        Map.of("location-group", "edge"),
        Map.of("orrery.dev/argocd-server", "https://cluster1.example.com"));
    placement.cluster("cluster2", null, Map.of("location-group", "edge"), Map.of());
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(parameters(reply))
        .extracting(p -> p.get("server"))
        .containsExactly("https://cluster1.example.com", "");
  }

  @Test
  void aPlacedClusterNoLongerInTheInventoryIsLeftOut() {
    placement.policy("edge", List.of("cluster1", "deleted-cluster"), Map.of());
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(parameters(reply)).extracting(p -> p.get("name")).containsExactly("cluster1");
  }

  @Test
  void otherInputParametersAreIgnored() {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(
            TOKEN,
            "guestbook",
            "{\"bindingPolicy\":\"edge\",\"env\":\"prod\",\"flags\":[\"a\",\"b\"]}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(parameters(reply)).hasSize(2);
  }

  @Test
  void aMissingTokenIsForbidden() {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(null, "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json()).containsOnlyKeys("message");
    assertThat(reply.text()).doesNotContain(TOKEN);
  }

  @Test
  void aWrongTokenIsForbiddenBeforeTheBodyIsRead() {
    ApplicationSetControllerClient.Reply wrong =
        argo.getParams("not-" + TOKEN, "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.json()).containsEntry("message", "invalid bearer token");
    ApplicationSetControllerClient.Reply garbage =
        argo.post("wrong", "not json".getBytes(StandardCharsets.UTF_8));
    assertThat(garbage.status()).isEqualTo(403);
    ApplicationSetControllerClient.Reply prefix =
        argo.getParams(TOKEN.substring(0, 5), "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(prefix.status()).isEqualTo(403);
    ApplicationSetControllerClient.Reply basic =
        argo.post(
            Map.of("Content-Type", "application/json", "Authorization", "Basic " + TOKEN),
            ApplicationSetControllerClient.body("guestbook", "{\"bindingPolicy\":\"edge\"}"));
    assertThat(basic.status()).isEqualTo(403);
  }

  @Test
  void withoutAConfiguredTokenEveryRequestIsForbidden() {
    tokens.token = null;
    ApplicationSetControllerClient.Reply reply =
        argo.getParams("", "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(reply.status()).isEqualTo(403);
    assertThat((String) reply.json().get("message")).contains("no plugin token is configured");
  }

  @Test
  void anUnreadableTokenSecretIsServiceUnavailable() {
    tokens.unreadable = true;
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(reply.status()).isEqualTo(503);
    assertThat((String) reply.json().get("message")).contains("token Secret");
  }

  @Test
  void anUnknownPolicyIsNotFound() {
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"nope\"}");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json()).isEqualTo(Map.of("message", "BindingPolicy nope not found"));
  }

  @Test
  void anInvalidPolicyThatPlacesNothingIsUnprocessable() {
    placement.policies.put(
        "broken",
        new PolicyPlacement(
            "broken",
            Map.of(),
            List.of(),
            List.of("spec.clusterSelectors[0].matchExpressions[0].operator: is required"),
            false));
    ApplicationSetControllerClient.Reply reply =
        argo.getParams(TOKEN, "guestbook", "{\"bindingPolicy\":\"broken\"}");
    assertThat(reply.status()).isEqualTo(422);
    assertThat((String) reply.json().get("message"))
        .contains("broken")
        .contains("operator: is required");
  }

  @Test
  void anUnreadableInventoryFailsInsteadOfAnsweringWithNoClusters() {
    placement.unavailable =
        "Orrery's watch on the ManagedClusters (ITS) is down; its view may be stale";
    for (String parameters : List.of("{\"bindingPolicy\":\"edge\"}", "{\"labelSelector\":\"\"}")) {
      ApplicationSetControllerClient.Reply reply = argo.getParams(TOKEN, "guestbook", parameters);
      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.json()).containsOnlyKeys("message");
      assertThat((String) reply.json().get("message")).contains("ManagedClusters (ITS) is down");
    }
  }

  @Test
  void badInputIsABadRequestWithAMessage() {
    List<byte[]> bodies =
        List.of(
            "not json".getBytes(StandardCharsets.UTF_8),
            "[]".getBytes(StandardCharsets.UTF_8),
            new byte[0],
            ApplicationSetControllerClient.body("guestbook", null),
            ApplicationSetControllerClient.body("guestbook", "{}"),
            ApplicationSetControllerClient.body(
                "guestbook", "{\"bindingPolicy\":\"edge\",\"labelSelector\":\"a=b\"}"),
            ApplicationSetControllerClient.body("guestbook", "{\"bindingPolicy\":3}"),
            ApplicationSetControllerClient.body("guestbook", "{\"clusterSelector\":\"a=b\"}"),
            ApplicationSetControllerClient.body("guestbook", "{\"labelSelector\":\"a in b\"}"),
            ApplicationSetControllerClient.body(
                "guestbook",
                "{\"clusterSelector\":{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Like\"}]}}"));
    for (byte[] body : bodies) {
      ApplicationSetControllerClient.Reply reply = argo.post(TOKEN, body);
      assertThat(reply.status()).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(400);
      assertThat(reply.json()).as(reply.text()).containsOnlyKeys("message");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> parameters(ApplicationSetControllerClient.Reply reply) {
    assertThat(reply.json()).as(reply.text()).containsOnlyKeys("output");
    Map<String, Object> output = (Map<String, Object>) reply.json().get("output");
    assertThat(output).containsOnlyKeys("parameters");
    return (List<Map<String, Object>>) output.get("parameters");
  }

  private static Map<String, Object> json(String text) throws Exception {
    return new ObjectMapper().readValue(text, new TypeReference<Map<String, Object>>() {});
  }
}
