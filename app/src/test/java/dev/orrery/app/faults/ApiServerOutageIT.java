package dev.orrery.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.Space;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault 2 of issue 16 on real programs: the WDS's API server is stopped, then the ITS's, each for
 * {@link #OUTAGE} (10 s here rather than the 30 s, to keep CI short: nothing in Orrery
 * depends on the length). Meanwhile a revision is pushed to Git. Orrery stays up, its readiness
 * says which space is unreachable, and once the space is back the pushed revision reaches the
 * cluster's ManifestWork; the times from "API server ready again" are printed. Orrery runs as one
 * replica without leader election (see docs/reliability.md for what a WDS outage does to a leader).
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"location-group=edge"})
    })
class ApiServerOutageIT {
  static final String NAME = "apiout";
  static final Duration OUTAGE = Duration.ofSeconds(10);
  static LocalGitServer git;
  static EmbeddedServer server;
  static LocalSpaces spaces;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(LocalSpaces s) throws Exception {
    spaces = s;
    Path dir = Path.of("target", "apiserver-outage-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    git = LocalGitServer.start(dir.resolve("git"));
    // One replica without leader election: with it, the WDS outage outlasts the renew deadline
    // (7 s) and the leader loses its Lease; see docs/reliability.md, "Faults".
    server =
        LocalOrrery.start(s, dir.resolve("cache"), Map.of("orrery.leader-election.enabled", false));
  }

  @AfterAll
  static void stop() {
    spaces.wds().startApiServer();
    spaces.its().startApiServer();
    if (server != null) {
      server.close();
    }
    if (git != null) {
      git.close();
    }
  }

  @Test
  void orreryStaysUpSaysWhyItIsNotReadyAndConvergesAfterEachSpaceReturns() throws Exception {
    LocalGitServer.WorkClone repo = git.create(NAME);
    repo.write(
            "ns.yaml",
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: {app: %s}}\n"
                .formatted(NAME, NAME))
        .write(
            "policy.yaml",
            """
            apiVersion: control.kubestellar.io/v1alpha1
            kind: BindingPolicy
            metadata: {name: %s}
            spec:
              clusterSelectors:
              - matchLabels: {location-group: edge}
              downsync:
              - objectSelectors:
                - matchLabels: {app: %s}
            """
                .formatted(NAME, NAME))
        .write("cm.yaml", configMap("initial"));
    repo.commitAndPush("initial");
    KubernetesClient wds = spaces.wds().client();
    wds.resource(
            Serialization.unmarshal(
                """
                apiVersion: gitops.orrery.dev/v1alpha1
                kind: GitSource
                metadata: {name: %s, namespace: default}
                spec: {url: %s, ref: {branch: main}, interval: 2s, prune: true}
                """
                    .formatted(NAME, repo.url()),
                GenericKubernetesResource.class))
        .create();
    await().ignoreExceptions().atMost(Duration.ofSeconds(120)).until(() -> workCarries("initial"));
    assertThat(readiness().statusCode()).isEqualTo(200);

    Duration wds1 = outage(spaces.wds(), "wds", repo, "during-wds-outage");
    Duration its1 = outage(spaces.its(), "its", repo, "during-its-outage");
    System.out.printf(
        "FAULT api-server-down: outage %d s each; the revision pushed during the outage reached"
            + " the ManifestWork %d ms after the WDS and %d ms after the ITS was ready again%n",
        OUTAGE.toSeconds(), wds1.toMillis(), its1.toMillis());
  }

  /**
   * Stops {@code space}'s API server, checks readiness names it, pushes {@code value}, starts it
   * again after {@link #OUTAGE}; returns how long after it answered again the value reached the
   * cluster's ManifestWork.
   */
  private static Duration outage(
      Space space, String key, LocalGitServer.WorkClone repo, String value) throws Exception {
    Instant down = Instant.now();
    space.stopApiServer();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              HttpResponse<String> ready = readiness();
              assertThat(ready.statusCode()).isEqualTo(503);
              assertThat(ready.body()).contains("\"" + key + "\":\"unreachable: ");
            });
    repo.write("cm.yaml", configMap(value));
    repo.commitAndPush("pushed while " + key + " is down");
    Thread.sleep(Math.max(0, OUTAGE.minus(Duration.between(down, Instant.now())).toMillis()));
    assertThat(health().statusCode()).as("Orrery answers throughout").isIn(200, 503);

    space.startApiServer();
    Instant up = Instant.now();
    await()
        .ignoreExceptions()
        .pollInterval(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(90))
        .until(() -> workCarries(value));
    Duration converged = Duration.between(up, Instant.now());
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(readiness().statusCode()).isEqualTo(200));
    return converged;
  }

  private static boolean workCarries(String value) {
    return spaces
        .its()
        .client()
        .genericKubernetesResources("work.open-cluster-management.io/v1", "ManifestWork")
        .inNamespace("cluster1")
        .list()
        .getItems()
        .stream()
        .anyMatch(w -> Serialization.asJson(w).contains(value));
  }

  private static String configMap(String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg, namespace: %s, labels: {app: %s}}
        data: {value: %s}
        """
        .formatted(NAME, NAME, value);
  }

  private static HttpResponse<String> readiness() throws Exception {
    return get("/health/readiness");
  }

  private static HttpResponse<String> health() throws Exception {
    return get("/health");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
