package dev.orrery.app.faults;

import static dev.orrery.app.demo.LocalGitServer.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.app.report.GiteaReporting;
import dev.orrery.app.report.forge.ForgeReporter;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fault 4 of issue 16 with a real forge: Gitea stops while a revision is applied. Applying does not
 * wait for it; the commit status of that revision fails through all its retries while Gitea is
 * down, is kept, and reaches Gitea once it is back, written once. The GitSource fetches from a
 * {@code git daemon} serving the same repository path, so Git keeps working while the forge is
 * down.
 */
@WithSpaces(
    wecs =
        @WithSpaces.Wec(
            name = "cluster1",
            labels = {"name=cluster1"}))
class ForgeOutageIT {
  static final String CONTEXT = "orrery/default/fleet";

  @Test
  void statusesWrittenWhileTheForgeIsDownArriveOnceItIsBackAndNoneTwice(LocalSpaces spaces)
      throws Exception {
    Path dir = Path.of("target", "forge-outage-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    KubernetesClient wds = spaces.wds().client();
    KubernetesClient wec = spaces.wec("cluster1").space().client();
    try (GiteaReporting forge = GiteaReporting.start(dir, "fleet");
        LocalGitServer daemon = LocalGitServer.start(dir.resolve("git"));
        EmbeddedServer server =
            LocalOrrery.start(
                spaces,
                dir.resolve("cache"),
                Map.of("orrery.report-interval", "1s", "orrery.forge.redeliver-interval", "3s"))) {
      // The same repository path on the git daemon: orrery/fleet.git.
      daemon.create(forge.gitea().adminUser() + "/fleet");
      String mirror = daemon.url(forge.gitea().adminUser() + "/fleet");
      git(forge.work(), "remote", "add", "daemon", mirror);
      forge.write(Map.of("policy.yaml", POLICY, "settings.yaml", settings("blue")));
      String first = forge.commitAndPush("blue");
      git(forge.work(), "push", "-q", "daemon", "main");
      forge.createTokenSecret(wds, "default");
      wds.resource(
              GiteaReporting.gitSource(
                  "default", "fleet", mirror, "2s", List.of(), null, forge.forgeReport()))
          .create();
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(180))
          .until(
              () ->
                  "success"
                      .equals(
                          forge
                              .latestStatus(first, CONTEXT)
                              .orElseThrow()
                              .path("status")
                              .asText()));

      // Gitea learns the next commit, then stops; only then does Git serve it.
      forge.write(Map.of("settings.yaml", settings("green")));
      String second = forge.commitAndPush("green");
      forge.gitea().stop();
      long stopped = System.nanoTime();
      git(forge.work(), "push", "-q", "daemon", "main");

      await().atMost(Duration.ofSeconds(120)).until(() -> "green".equals(color(wec)));
      double applied = (System.nanoTime() - stopped) / 1e9;
      // The status of the new revision fails through all its retries and is kept.
      ForgeReporter reporter = server.getApplicationContext().getBean(ForgeReporter.class);
      await().atMost(Duration.ofSeconds(120)).until(() -> reporter.undelivered() > 0);
      double kept = (System.nanoTime() - stopped) / 1e9;

      forge.gitea().resume();
      long resumed = System.nanoTime();
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  "success"
                      .equals(
                          forge
                              .latestStatus(second, CONTEXT)
                              .orElseThrow()
                              .path("status")
                              .asText()));
      double arrived = (System.nanoTime() - resumed) / 1e9;
      await().atMost(Duration.ofSeconds(30)).until(() -> reporter.undelivered() == 0);

      List<JsonNode> firstStatuses = forge.statuses(first, CONTEXT);
      List<JsonNode> secondStatuses = forge.statuses(second, CONTEXT);
      System.out.printf(
          "FAULT forge down: new revision applied %.1f s after Gitea stopped; its status kept"
              + " after %.1f s; arrived %.1f s after Gitea was back; statuses on the first"
              + " revision %s, on the second %s%n",
          applied, kept, arrived, states(firstStatuses), states(secondStatuses));
      assertThat(GiteaReporting.repeated(firstStatuses)).as("repeated statuses").isEmpty();
      assertThat(GiteaReporting.repeated(secondStatuses)).as("repeated statuses").isEmpty();
      assertThat(secondStatuses.get(secondStatuses.size() - 1).path("status").asText())
          .isEqualTo("success");
    }
  }

  private static List<String> states(List<JsonNode> statuses) {
    return statuses.stream().map(s -> s.path("status").asText()).toList();
  }

  private static String color(KubernetesClient wec) {
    ConfigMap cm = wec.configMaps().inNamespace("default").withName("settings").get();
    return cm == null ? null : cm.getData().get("color");
  }

  private static String settings(String color) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: default, labels: {app: fleet}}
        data: {color: %s}
        """
        .formatted(color);
  }

  static final String POLICY =
      """
      apiVersion: control.kubestellar.io/v1alpha1
      kind: BindingPolicy
      metadata: {name: fleet}
      spec:
        clusterSelectors: [{matchLabels: {name: cluster1}}]
        downsync: [{objectSelectors: [{matchLabels: {app: fleet}}]}]
      """;
}
