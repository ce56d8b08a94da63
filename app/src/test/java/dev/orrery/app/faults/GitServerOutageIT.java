package dev.orrery.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.controller.Conditions;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault 3 of issue 16 on real programs: the Git server ({@code git daemon}) goes down while a
 * GitSource is applied. Nothing is deleted from the WDS, the GitSource reports the fetch failure,
 * and once the server is back the next revision is applied without anyone touching the source.
 */
@WithSpaces
class GitServerOutageIT {
  static final String NAME = "outage";
  static final Duration OUTAGE = Duration.ofSeconds(15);
  static LocalGitServer git;
  static EmbeddedServer server;
  static KubernetesClient wds;

  @BeforeAll
  static void start(LocalSpaces spaces) throws Exception {
    Path dir = Path.of("target", "git-outage-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    git = LocalGitServer.start(dir.resolve("git"));
    server = LocalOrrery.start(spaces, dir.resolve("cache"), Map.of());
    wds = spaces.wds().client();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (git != null) {
      git.close();
    }
  }

  @Test
  void aGitServerOutageDeletesNothingIsReportedAndRecoversWhenTheServerReturns() throws Exception {
    LocalGitServer.WorkClone repo = git.create(NAME);
    repo.write(
        "ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n".formatted(NAME));
    for (int i = 0; i < 5; i++) {
      repo.write("cm-%d.yaml".formatted(i), configMap("cm-" + i, "v1"));
    }
    String first = repo.commitAndPush("five ConfigMaps");
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
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(status().get("lastAppliedRevision")).isEqualTo(first);
              assertThat(ready()).containsEntry("status", "True");
            });

    AtomicInteger deletions = new AtomicInteger();
    try (Watch ignored = wds.configMaps().inNamespace(NAME).watch(new DeletionCounter(deletions))) {
      Instant down = Instant.now();
      git.stop();
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(ready())
                      .containsEntry("status", "False")
                      .containsEntry("reason", "FetchFailed"));
      Duration reported = Duration.between(down, Instant.now());
      assertThat(String.valueOf(ready().get("message"))).isNotBlank();
      Thread.sleep(Math.max(0, OUTAGE.minus(Duration.between(down, Instant.now())).toMillis()));
      assertThat(ready()).containsEntry("status", "False");
      assertThat(status().get("lastAppliedRevision"))
          .as("the last good revision stays applied")
          .isEqualTo(first);
      assertThat(wds.configMaps().inNamespace(NAME).list().getItems())
          .extracting(c -> c.getMetadata().getName())
          .contains("cm-0", "cm-1", "cm-2", "cm-3", "cm-4");

      git.resume();
      Instant up = Instant.now();
      repo.write("cm-0.yaml", configMap("cm-0", "v2"));
      String second = repo.commitAndPush("change cm-0 after the outage");
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(status().get("lastAppliedRevision")).isEqualTo(second);
                assertThat(ready()).containsEntry("status", "True");
                ConfigMap cm = wds.configMaps().inNamespace(NAME).withName("cm-0").get();
                assertThat(cm.getData()).containsEntry("version", "v2");
              });
      Duration recovered = Duration.between(up, Instant.now());
      assertThat(deletions.get()).as("ConfigMaps deleted during and after the outage").isZero();
      System.out.printf(
          "FAULT git-server-down: outage %d s, reported after %d ms, next revision applied %d ms"
              + " after the server returned, %d deletions%n",
          OUTAGE.toSeconds(), reported.toMillis(), recovered.toMillis(), deletions.get());
    }
  }

  private static String configMap(String name, String version) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s}
        data: {version: %s}
        """
        .formatted(name, NAME, version);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status() {
    GenericKubernetesResource r =
        wds.genericKubernetesResources("gitops.orrery.dev/v1alpha1", "GitSource")
            .inNamespace("default")
            .withName(NAME)
            .get();
    Object status = r.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  private static Map<String, Object> ready() {
    Map<String, Object> c = Conditions.find(status().get("conditions"), "Ready");
    return c == null ? Map.of() : c;
  }

  /** Counts DELETED events of the watched ConfigMaps. */
  private record DeletionCounter(AtomicInteger deletions) implements Watcher<ConfigMap> {
    @Override
    public void eventReceived(Action action, ConfigMap resource) {
      if (action == Action.DELETED) {
        deletions.incrementAndGet();
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
