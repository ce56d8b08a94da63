package dev.orrery.app.report;

import static dev.orrery.app.demo.LocalGitServer.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.gitea.GiteaServer;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forge reporting against a real Gitea: a GitSource with {@code report.mode: forge} gets the commit
 * status {@code orrery/<ns>/<name>} on its applied revision, success once the object is applied and
 * available on the real WEC.
 */
@WithSpaces(
    wecs =
        @WithSpaces.Wec(
            name = "cluster1",
            labels = {"name=cluster1"}))
class ForgeStatusIT {

  @Test
  void theAppliedRevisionGetsACommitStatusThatTurnsSuccessWhenTheClusterRunsIt(LocalSpaces spaces)
      throws Exception {
    Path dir = Path.of("target", "forge-status-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    try (GiteaServer gitea = GiteaServer.start(dir.resolve("gitea"));
        EmbeddedServer server =
            LocalOrrery.start(
                spaces,
                dir.resolve("cache"),
                Map.of(
                    "orrery.report-interval",
                    "1s",
                    "orrery.external-url",
                    "https://orrery.example.com/"))) {
      gitea.createRepository("fleet");
      Path work = Files.createDirectories(dir.resolve("work"));
      git(
          dir,
          "clone",
          "-q",
          gitea.cloneUrl(gitea.adminUser(), "fleet").toString(),
          work.toString());
      Files.writeString(
          work.resolve("app.yaml"),
          """
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: settings, namespace: default, labels: {app: fleet}}
          data: {color: blue}
          ---
          apiVersion: control.kubestellar.io/v1alpha1
          kind: BindingPolicy
          metadata: {name: fleet}
          spec:
            clusterSelectors: [{matchLabels: {name: cluster1}}]
            downsync: [{objectSelectors: [{matchLabels: {app: fleet}}]}]
          """);
      git(work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "add", "-A");
      git(
          work,
          "-c",
          "user.name=dev",
          "-c",
          "user.email=dev@example.com",
          "commit",
          "-q",
          "-m",
          "fleet");
      git(work, "push", "-q", "origin", "main");
      String sha = git(work, "rev-parse", "HEAD");

      spaces
          .wds()
          .client()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("gitea-token")
                  .withNamespace("default")
                  .endMetadata()
                  .addToStringData("token", gitea.token())
                  .build())
          .create();
      String base = gitea.baseUrl().toString().replaceAll("/+$", "");
      String url = base + "/" + gitea.adminUser() + "/fleet.git";
      spaces
          .wds()
          .client()
          .resource(
              Serialization.unmarshal(
                  """
          apiVersion: gitops.orrery.dev/v1alpha1
          kind: GitSource
          metadata: {name: fleet, namespace: default}
          spec:
            url: %s
            interval: 1h
            report:
              mode: forge
              forge: {kind: gitea, url: %s, tokenSecretRef: {name: gitea-token}}
          """
                      .formatted(url, base),
                  GenericKubernetesResource.class))
          .create();

      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                JsonNode combined =
                    gitea
                        .api()
                        .get("/repos/" + gitea.adminUser() + "/fleet/commits/" + sha + "/status");
                JsonNode ours = null;
                for (JsonNode s : combined.get("statuses")) {
                  if ("orrery/default/fleet".equals(s.get("context").asText())) {
                    ours = s;
                  }
                }
                assertThat(ours)
                    .as(
                        () ->
                            combined
                                + " / GitSource status: "
                                + Serialization.asJson(
                                    spaces
                                        .wds()
                                        .client()
                                        .genericKubernetesResources(
                                            "gitops.orrery.dev/v1alpha1", "GitSource")
                                        .inNamespace("default")
                                        .withName("fleet")
                                        .get()
                                        .getAdditionalProperties()
                                        .get("status")))
                    .isNotNull();
                assertThat(ours.get("status").asText()).isEqualTo("success");
                assertThat(ours.get("description").asText()).contains("available on 1 cluster");
                assertThat(ours.get("target_url").asText())
                    .isEqualTo(
                        "https://orrery.example.com/api/v1/namespaces/default/gitsources/fleet/placement");
              });
      // The page the status links to, served by Orrery.
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          server.getURL()
                              + "/api/v1/namespaces/default/gitsources/fleet/placement"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      JsonNode placement = Serialization.jsonMapper().readTree(page.body());
      assertThat(placement.get("lastAppliedRevision").asText()).isEqualTo(sha);
      JsonNode settings =
          placement.get("policies").get(0).get("clusters").get("cluster1").get("objects").get(0);
      assertThat(settings.get("name").asText()).isEqualTo("settings");
      assertThat(settings.get("available").asBoolean()).isTrue();
      HttpResponse<String> missing =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          server.getURL() + "/api/v1/namespaces/default/gitsources/nope/placement"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("\"kind\":\"Status\"", "\"reason\":\"NotFound\"");
      assertThat(
              spaces
                  .wec("cluster1")
                  .space()
                  .client()
                  .configMaps()
                  .inNamespace("default")
                  .withName("settings")
                  .get())
          .isNotNull();

      // A revision that does not render gets a failure status of its own; the good one keeps
      // success.
      Files.writeString(work.resolve("broken.yaml"), "kind: ConfigMap\nmetadata: {name: [oops\n");
      git(work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "add", "-A");
      git(
          work,
          "-c",
          "user.name=dev",
          "-c",
          "user.email=dev@example.com",
          "commit",
          "-q",
          "-m",
          "broken");
      git(work, "push", "-q", "origin", "main");
      String broken = git(work, "rev-parse", "HEAD");
      spaces
          .wds()
          .client()
          .genericKubernetesResources("gitops.orrery.dev/v1alpha1", "GitSource")
          .inNamespace("default")
          .withName("fleet")
          .edit(
              g -> {
                g.getMetadata().setAnnotations(Map.of("test.orrery.dev/poke", "1"));
                return g;
              });
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                JsonNode ours = null;
                for (JsonNode s :
                    gitea
                        .api()
                        .get("/repos/" + gitea.adminUser() + "/fleet/commits/" + broken + "/status")
                        .get("statuses")) {
                  if ("orrery/default/fleet".equals(s.get("context").asText())) {
                    ours = s;
                  }
                }
                assertThat(ours).isNotNull();
                assertThat(ours.get("status").asText()).isEqualTo("failure");
                assertThat(ours.get("description").asText()).contains("rejected", "broken.yaml:");
              });
    }
  }
}
