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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rollout reported to a real Gitea: a GitSource whose BindingPolicy a RolloutPolicy governs
 * (canary cluster1, then cluster2) gets the commit status "wave 1 of 2, 1/2 clusters on <commit>"
 * (pending) while the canary soaks, and success once the rollout is done and the objects are
 * available on both clusters; then a change that never becomes available is rolled back on the
 * canary and its commit status is a failure naming the revisions and why.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"name=cluster1", "rollout-group=canary"}),
      @WithSpaces.Wec(
          name = "cluster2",
          labels = {"name=cluster2"})
    })
class RolloutForgeStatusIT {

  @Test
  void theCommitStatusFollowsTheRolloutWaveByWave(LocalSpaces spaces) throws Exception {
    Path dir = Path.of("target", "rollout-forge-status-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    try (GiteaServer gitea = GiteaServer.start(dir.resolve("gitea"));
        EmbeddedServer server =
            LocalOrrery.start(
                spaces, dir.resolve("cache"), Map.of("orrery.report-interval", "1s"))) {
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
            clusterSelectors: [{}]
            downsync: [{objectSelectors: [{matchLabels: {app: fleet}}]}]
          ---
          apiVersion: gitops.orrery.dev/v1alpha1
          kind: RolloutPolicy
          metadata: {name: canary-first}
          spec:
            bindingPolicies: {names: [fleet]}
            decisionGroups:
            - groupName: canary
              groupClusterSelector: {labelSelector: {matchLabels: {rollout-group: canary}}}
            rolloutStrategy:
              type: ProgressivePerGroup
              progressivePerGroup:
                mandatoryDecisionGroups: [{groupName: canary}]
                minSuccessTime: 5s
                progressDeadline: 20s
            onFailure: Rollback
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
          "fleet in waves");
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

      String statuses = "/repos/" + gitea.adminUser() + "/fleet/statuses/" + sha;
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(150))
          .untilAsserted(
              () -> {
                List<String> latest =
                    ours(
                        gitea
                            .api()
                            .get(
                                "/repos/" + gitea.adminUser() + "/fleet/commits/" + sha + "/status")
                            .get("statuses"));
                assertThat(latest)
                    .containsExactly("success: all 2 object(s) available on 2 cluster(s)");
                assertThat(ours(gitea.api().get(statuses + "?limit=50")))
                    .as("every commit status sent")
                    .contains("pending: wave 1 of 2, 1/2 clusters on " + sha.substring(0, 12));
              });
      assertThat(
              spaces
                  .wec("cluster2")
                  .space()
                  .client()
                  .configMaps()
                  .inNamespace("default")
                  .withName("settings")
                  .get())
          .isNotNull();

      // A change that never becomes available (no node matches its selector) fails on the canary
      // and is rolled back; the commit status says so, and cluster2 never sees it.
      Files.writeString(
          work.resolve("bad.yaml"),
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: stuck, namespace: default, labels: {app: fleet}}
          spec:
            replicas: 1
            selector: {matchLabels: {run: stuck}}
            template:
              metadata: {labels: {run: stuck}}
              spec:
                nodeSelector: {no-such-node: "true"}
                containers: [{name: app, image: app:1}]
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
          "a change that never becomes available");
      git(work, "push", "-q", "origin", "main");
      String bad = git(work, "rev-parse", "HEAD");
      String bad12 = bad.substring(0, 12);
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
          .atMost(Duration.ofSeconds(150))
          .untilAsserted(
              () ->
                  assertThat(
                          ours(
                              gitea
                                  .api()
                                  .get(
                                      "/repos/"
                                          + gitea.adminUser()
                                          + "/fleet/commits/"
                                          + bad
                                          + "/status")
                                  .get("statuses")))
                      .singleElement()
                      .asString()
                      .startsWith("failure: rolled back " + bad12 + " to revision ")
                      .contains(
                          "at wave 1 of 2: cluster1: not healthy within progressDeadline 20s: stuck:"));
      assertThat(
              spaces
                  .wec("cluster2")
                  .space()
                  .client()
                  .apps()
                  .deployments()
                  .inNamespace("default")
                  .withName("stuck")
                  .get())
          .isNull();
    }
  }

  /** {@code state: description} of Orrery's statuses, as Gitea lists them (newest first). */
  private static List<String> ours(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : list) {
      if ("orrery/default/fleet".equals(s.get("context").asText())) {
        out.add(s.get("status").asText() + ": " + s.get("description").asText());
      }
    }
    return out;
  }
}
