package dev.orrery.app.preview;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pull-request previews end to end on a real Gitea: Gitea sends its pull_request webhooks to
 * Orrery, which renders the head, evaluates it against the ITS's clusters and answers with one
 * comment (updated in place on the next push) and the commit status {@code orrery/preview}. The
 * repository is private, so syncing and previewing both read it with the credentials of a Secret.
 */
@WithSpaces(
    wecs =
        @WithSpaces.Wec(
            name = "cluster1",
            labels = {"name=cluster1"}))
class PullRequestPreviewIT {
  private static final String WEBHOOK_SECRET = "preview-hook-secret";

  @Test
  void aPullRequestGetsOnePreviewCommentAndAStatusThatFollowItsHead(LocalSpaces spaces)
      throws Exception {
    Path dir = Path.of("target", "pull-request-preview-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    try (GiteaServer gitea = GiteaServer.start(dir.resolve("gitea"));
        EmbeddedServer orrery =
            LocalOrrery.start(
                spaces, dir.resolve("cache"), Map.of("orrery.report-interval", "1s"))) {
      String owner = gitea.adminUser();
      gitea.createRepository(
          "fleet", true); // private: Orrery reads it with the credentials of a Secret
      // A cluster of the inventory without an agent: previews read labels only.
      spaces
          .its()
          .client()
          .resource(
              Serialization.unmarshal(
                  """
          apiVersion: cluster.open-cluster-management.io/v1
          kind: ManagedCluster
          metadata: {name: cluster9, labels: {name: cluster9}}
          spec: {hubAcceptsClient: true}
          """,
                  GenericKubernetesResource.class))
          .create();

      Path work = Files.createDirectories(dir.resolve("work"));
      git(dir, "clone", "-q", gitea.cloneUrl(owner, "fleet").toString(), work.toString());
      Files.writeString(work.resolve("app.yaml"), app("blue", "[cluster1]", ""));
      commitAndPush(work, "main", "fleet");

      var wds = spaces.wds().client();
      wds.resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("gitea-token")
                  .withNamespace("default")
                  .endMetadata()
                  .addToStringData("token", gitea.token())
                  .build())
          .create();
      wds.resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("gitea-hook")
                  .withNamespace("default")
                  .endMetadata()
                  .addToStringData("secret", WEBHOOK_SECRET)
                  .build())
          .create();
      wds.resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("gitea-read")
                  .withNamespace("default")
                  .endMetadata()
                  .addToStringData("username", owner)
                  .addToStringData("token", gitea.token())
                  .build())
          .create();
      String base = gitea.baseUrl().toString().replaceAll("/+$", "");
      ProcessBuilder lsRemote =
          new ProcessBuilder("git", "ls-remote", base + "/" + owner + "/fleet.git")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      lsRemote.environment().put("GIT_TERMINAL_PROMPT", "0");
      lsRemote.environment().put("GIT_ASKPASS", "/bin/false");
      Process anonymous = lsRemote.start();
      assertThat(anonymous.waitFor(30, TimeUnit.SECONDS) && anonymous.exitValue() != 0)
          .as("the repository is private: git cannot read it without credentials")
          .isTrue();
      wds.resource(
              Serialization.unmarshal(
                  """
          apiVersion: gitops.orrery.dev/v1alpha1
          kind: GitSource
          metadata: {name: fleet, namespace: default}
          spec:
            url: %s/%s/fleet.git
            interval: 1h
            secretRef: {name: gitea-read}
            webhookSecretRef: {name: gitea-hook}
            report:
              mode: forge
              forge: {kind: gitea, url: %s, tokenSecretRef: {name: gitea-token}}
          """
                      .formatted(base, owner, base),
                  GenericKubernetesResource.class))
          .create();
      gitea
          .api()
          .post(
              "/repos/" + owner + "/fleet/hooks",
              Map.of(
                  "type",
                  "gitea",
                  "active",
                  true,
                  "events",
                  List.of("push", "pull_request", "pull_request_sync"),
                  "config",
                  Map.of(
                      "url",
                      orrery.getURL() + "/hooks/gitea",
                      "content_type",
                      "json",
                      "secret",
                      WEBHOOK_SECRET)));
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  spaces
                          .wec("cluster1")
                          .space()
                          .client()
                          .configMaps()
                          .inNamespace("default")
                          .withName("settings")
                          .get()
                      != null);

      // The change: settings turns green, a new ConfigMap, and the policy adds cluster9.
      git(work, "checkout", "-q", "-b", "change");
      Files.writeString(
          work.resolve("app.yaml"),
          app(
              "green",
              "[cluster1, cluster9]",
              """
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: extra, namespace: default, labels: {app: fleet}}
          data: {size: large}
          """));
      String head = commitAndPush(work, "change", "green, extra, cluster9");
      long opened = System.nanoTime();
      JsonNode pr =
          gitea
              .api()
              .post(
                  "/repos/" + owner + "/fleet/pulls",
                  Map.of("head", "change", "base", "main", "title", "Go green"));
      long number = pr.get("number").asLong();

      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                JsonNode status = previewStatus(gitea, owner, head);
                assertThat(status).as("status on %s", head).isNotNull();
                assertThat(status.get("status").asText()).isEqualTo("success");
                List<JsonNode> comments = previewComments(gitea, owner, number);
                assertThat(comments).hasSize(1);
                String body = comments.get(0).get("body").asText();
                assertThat(body)
                    .contains(
                        "GitSource `default/fleet`",
                        "| cluster1 | 1 | 1 | 0 | 0 |",
                        "| cluster9 | 2 | 0 | 0 | 0 |",
                        "added `v1 ConfigMap default/extra`",
                        "changed `v1 ConfigMap default/settings`",
                        "nothing would be deleted from the WDS");
              });
      System.out.printf(
          "preview: pull request opened -> comment and success status in %d ms%n",
          (System.nanoTime() - opened) / 1_000_000);
      assertThat(previewStatus(gitea, owner, head).get("description").asText())
          .contains("2 cluster(s) change: 3 added, 1 changed, 0 removed");
      long commentId = previewComments(gitea, owner, number).get(0).get("id").asLong();

      // A broken push to the pull request: the same comment now lists the error with its line.
      Files.writeString(
          work.resolve("broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [oops\n");
      long pushed = System.nanoTime();
      String brokenHead = commitAndPush(work, "change", "broken");
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                assertThat(previewStatus(gitea, owner, brokenHead).get("status").asText())
                    .isEqualTo("failure");
                List<JsonNode> comments = previewComments(gitea, owner, number);
                assertThat(comments).hasSize(1);
                assertThat(comments.get(0).get("id").asLong()).isEqualTo(commentId);
                assertThat(comments.get(0).get("body").asText())
                    .contains("would be rejected", "`broken.yaml:", brokenHead.substring(0, 12));
              });
      System.out.printf(
          "preview: push to the pull request -> comment updated and failure status in %d ms%n",
          (System.nanoTime() - pushed) / 1_000_000);
      // Nothing of the pull request reached the WDS.
      assertThat(wds.configMaps().inNamespace("default").withName("extra").get()).isNull();
      assertThat(wds.configMaps().inNamespace("default").withName("settings").get().getData())
          .containsEntry("color", "blue");
    }
  }

  private static String app(String color, String clusters, String more) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: default, labels: {app: fleet}}
        data: {color: %s}
        ---
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: fleet}
        spec:
          clusterSelectors: [{matchExpressions: [{key: name, operator: In, values: %s}]}]
          downsync: [{objectSelectors: [{matchLabels: {app: fleet}}]}]
        """
            .formatted(color, clusters)
        + more;
  }

  private static JsonNode previewStatus(GiteaServer gitea, String owner, String sha) {
    for (JsonNode s :
        gitea.api().get("/repos/" + owner + "/fleet/commits/" + sha + "/status").get("statuses")) {
      if ("orrery/preview".equals(s.get("context").asText())) {
        return s;
      }
    }
    return null;
  }

  private static List<JsonNode> previewComments(GiteaServer gitea, String owner, long number) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode c :
        gitea.api().get("/repos/" + owner + "/fleet/issues/" + number + "/comments")) {
      if (c.get("body").asText().contains("<!-- orrery:preview -->")) {
        out.add(c);
      }
    }
    return out;
  }

  private static String commitAndPush(Path work, String branch, String message) throws Exception {
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
        message);
    git(work, "push", "-q", "origin", branch);
    return git(work, "rev-parse", "HEAD");
  }
}
