package dev.orrery.app.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.gitsource.webhook.WebhookVerifier;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GitSource at repository scale (not part of the test suite; run with {@code mvn -pl app -am verify
 * -Dit.test=GitSourceBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}): render and
 * apply 1,000 objects from scratch, then a one-file change pushed and announced by a webhook: API
 * writes it causes and the time from webhook to applied. Figures go to
 * target/benchmarks/gitsource.txt.
 */
@WithSpaces
class GitSourceBenchmark {
  static final int FILES = 100;
  static final int PER_FILE = 10;

  @Test
  void thousandObjectsThenOneFileChange(LocalSpaces spaces) throws Exception {
    Path dir = Path.of("target", "gitsource-bench").toAbsolutePath();
    Directories.deleteRecursively(dir);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("webhook-secret"), "bench");
    try (LocalGitServer git = LocalGitServer.start(dir.resolve("git"));
        EmbeddedServer server =
            LocalOrrery.start(
                spaces,
                dir.resolve("cache"),
                Map.of("orrery.webhook-secret-file", dir.resolve("webhook-secret").toString()))) {
      KubernetesClient wds = spaces.wds().client();
      LocalGitServer.WorkClone repo = git.create("big");
      repo.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n");
      for (int f = 0; f < FILES; f++) {
        repo.write("objects/f" + f + ".yaml", file(f, "v1"));
      }
      String first = repo.commitAndPush("1000 objects");
      long start = System.nanoTime();
      wds.resource(
              Serialization.unmarshal(
                  """
          apiVersion: gitops.orrery.dev/v1alpha1
          kind: GitSource
          metadata: {name: big, namespace: default}
          spec: {url: %s, interval: 1h}
          """
                      .formatted(repo.url()),
                  GenericKubernetesResource.class))
          .create();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> first.equals(status(wds).get("lastAppliedRevision")));
      double initialSeconds = (System.nanoTime() - start) / 1e9;
      Map<String, String> before = versions(wds);

      repo.write("objects/f7.yaml", file(7, "v1").replace("value: v1-7-3", "value: v2-7-3"));
      String second = repo.commitAndPush("one object in one file");
      byte[] body =
          ("{\"ref\":\"refs/heads/main\",\"after\":\""
                  + second
                  + "\",\"repository\":{\"clone_url\":\""
                  + repo.url()
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8);
      long hook = System.nanoTime();
      HttpResponse<String> reply =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.getPort() + "/hooks/github"))
                      .header("X-GitHub-Event", "push")
                      .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                      .header(
                          "X-Hub-Signature-256",
                          "sha256=" + WebhookVerifier.signature("bench", body))
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(reply.statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> second.equals(status(wds).get("lastAppliedRevision")));
      double hookSeconds = (System.nanoTime() - hook) / 1e9;
      Map<String, String> after = versions(wds);
      long changed =
          before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).count();

      String report =
          String.format(
              Locale.ROOT,
              """
          gitsource benchmark: %d objects in %d files
            GitSource created -> all applied (fetch, render, apply): %.1f s
            one-file change: webhook -> applied: %.2f s
            one-file change: objects written (resourceVersion changed): %d of %d (appliedCount %s)
          """,
              FILES * PER_FILE,
              FILES,
              initialSeconds,
              hookSeconds,
              changed,
              before.size(),
              status(wds).get("appliedCount"));
      System.out.println(report);
      Files.createDirectories(Path.of("target", "benchmarks"));
      Files.writeString(Path.of("target", "benchmarks", "gitsource.txt"), report);
      assertThat(changed).isEqualTo(1);
    }
  }

  private static String file(int f, String version) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < PER_FILE; i++) {
      b.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: o-")
          .append(f)
          .append('-')
          .append(i)
          .append("\n  namespace: bench\ndata:\n  value: ")
          .append(version)
          .append('-')
          .append(f)
          .append('-')
          .append(i)
          .append('\n');
    }
    return b.toString();
  }

  private static Map<String, String> versions(KubernetesClient wds) {
    Map<String, String> out = new HashMap<>();
    for (ConfigMap cm : wds.configMaps().inNamespace("bench").list().getItems()) {
      out.put(cm.getMetadata().getName(), cm.getMetadata().getResourceVersion());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(KubernetesClient wds) {
    GenericKubernetesResource r =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName("big")
            .get();
    Object s = r == null ? null : r.getAdditionalProperties().get("status");
    return s == null ? Map.of() : (Map<String, Object>) s;
  }
}
