package dev.orrery.spaces.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.spaces.ChildProcess;
import dev.orrery.spaces.Directories;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Starts a real Gitea, creates a repository through the API, pushes to it with the git CLI over
 * HTTP, reads commits and statuses back, receives a signed push webhook, and stops it.
 */
class GiteaServerIT {
  private static final String HOOK_SECRET = "hook-secret-for-tests";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void servesRepositoriesGitOverHttpCommitStatusesAndSignedPushWebhooks() throws Exception {
    Path dir = Path.of("target", "gitea", getClass().getSimpleName()).toAbsolutePath();
    Directories.deleteRecursively(dir);
    GitCommandLine git = new GitCommandLine(dir.resolve("git-home"));
    ChildProcess process;
    try (GiteaServer gitea = GiteaServer.start(dir);
        WebhookReceiver receiver = new WebhookReceiver()) {
      process = gitea.process();
      assertThat(gitea.api().get("/version").path("version").asText()).isEqualTo("1.26.0");
      assertThat(gitea.api().get("/user").path("login").asText()).isEqualTo(gitea.adminUser());
      assertThat(gitea.api().get("/user").path("is_admin").asBoolean()).isTrue();
      assertThatThrownBy(() -> GiteaClient.withToken(gitea.baseUrl(), "not-a-token").get("/user"))
          .isInstanceOfSatisfying(
              GiteaApiException.class, e -> assertThat(e.status()).isEqualTo(401));

      GiteaRepository repo = gitea.createRepository("app-config");
      assertThat(repo)
          .isEqualTo(
              new GiteaRepository(
                  "orrery",
                  "app-config",
                  "main",
                  gitea.baseUrl().resolve("orrery/app-config.git")));
      String repoPath = "/repos/" + repo.fullName();

      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(gitea.baseUrl().resolve("orrery/app-config")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("app-config", "README.md");

      Path checkout = dir.resolve("checkout");
      git.run(
          dir, "clone", gitea.cloneUrl(repo.owner(), repo.name()).toString(), checkout.toString());
      assertThat(checkout.resolve("README.md")).exists();
      String first = commit(git, checkout, "deploy.yaml", "replicas: 1\n", "Add the deployment");
      git.run(checkout, "push", "origin", "main");

      JsonNode latest = gitea.api().get(repoPath + "/commits?sha=main&limit=1").get(0);
      assertThat(latest.path("sha").asText()).isEqualTo(first);
      assertThat(latest.path("commit").path("message").asText().strip())
          .isEqualTo("Add the deployment");

      gitea
          .api()
          .post(
              repoPath + "/statuses/" + first,
              Map.of(
                  "state",
                  "success",
                  "context",
                  "orrery/sync",
                  "description",
                  "Synced to 2 clusters",
                  "target_url",
                  "http://127.0.0.1/orrery"));
      JsonNode statuses = gitea.api().get(repoPath + "/statuses/" + first);
      assertThat(statuses).hasSize(1);
      assertThat(statuses.get(0).path("context").asText()).isEqualTo("orrery/sync");
      assertThat(statuses.get(0).path("status").asText()).isEqualTo("success");
      assertThat(statuses.get(0).path("description").asText()).isEqualTo("Synced to 2 clusters");
      assertThat(gitea.api().get(repoPath + "/commits/" + first + "/status").path("state").asText())
          .isEqualTo("success");

      gitea
          .api()
          .post(
              repoPath + "/hooks",
              Map.of(
                  "type",
                  "gitea",
                  "active",
                  true,
                  "events",
                  List.of("push"),
                  "config",
                  Map.of(
                      "url",
                      receiver.url().toString(),
                      "content_type",
                      "json",
                      "secret",
                      HOOK_SECRET)));
      String second = commit(git, checkout, "deploy.yaml", "replicas: 3\n", "Scale to three");
      git.run(checkout, "push", "origin", "main");

      WebhookReceiver.Delivery push =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> pushOf(receiver, second), Optional::isPresent)
              .get();
      assertThat(push.signature()).isEqualTo(hmacSha256Hex(HOOK_SECRET, push.body()));
      JsonNode payload = JSON.readTree(push.body());
      assertThat(payload.path("ref").asText()).isEqualTo("refs/heads/main");
      assertThat(payload.path("before").asText()).isEqualTo(first);
      assertThat(payload.path("repository").path("full_name").asText())
          .isEqualTo("orrery/app-config");
      assertThat(receiver.deliveries())
          .extracting(WebhookReceiver.Delivery::event)
          .containsOnly("push");
    }
    assertThat(process.isAlive()).isFalse();
    assertThat(ProcessHandle.of(process.pid())).isEmpty();
    assertThat(ChildProcess.running()).doesNotContain(process);
  }

  private static String commit(
      GitCommandLine git, Path checkout, String file, String content, String message)
      throws Exception {
    Files.writeString(checkout.resolve(file), content, StandardCharsets.UTF_8);
    git.run(checkout, "add", file);
    git.run(checkout, "commit", "-m", message);
    return git.run(checkout, "rev-parse", "HEAD");
  }

  private static Optional<WebhookReceiver.Delivery> pushOf(WebhookReceiver receiver, String sha) {
    return receiver.deliveries().stream()
        .filter(d -> "push".equals(d.event()) && sha.equals(field(d.body(), "after")))
        .findFirst();
  }

  private static String field(String json, String name) {
    try {
      return JSON.readTree(json).path(name).asText();
    } catch (JsonProcessingException notJson) {
      return "";
    }
  }

  private static String hmacSha256Hex(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
