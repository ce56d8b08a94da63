package dev.orrery.app.ha;

import static dev.orrery.app.demo.LocalGitServer.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orrery.app.report.GiteaReporting;
import dev.orrery.placement.controller.Apis;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fault 1 of issue 16 as a chaos run: {@code orrery serve} as a process is killed with SIGKILL at a
 * random point while it syncs a new revision of a repository of {@code chaos.objects} ConfigMaps
 * (default 200) on a real Gitea, reporting to a status branch (half the objects, one GitSource) and
 * as Gitea commit statuses (the other half, another GitSource); a new process (same identity, as a
 * restarted pod) takes over. After each restart everything converges to the revision; at the end no
 * commit status is repeated or missing, no two consecutive status-branch commits have the same
 * tree, no ManifestWork is left over and no object Git still has was deleted on the WDS or the WEC.
 *
 * <p>{@code chaos.kills} (default 2, the CI smoke run) sets the number of kills, {@code chaos.seed}
 * the random kill points. The full run: {@code mvn -B -o -pl app -am verify
 * -Dit.test=ServeKillChaosIT -Dchaos.kills=20 -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dimage.skip}.
 */
@WithSpaces(
    wecs =
        @WithSpaces.Wec(
            name = "cluster1",
            labels = {"name=cluster1"}))
class ServeKillChaosIT {
  static final Duration CONVERGE = Duration.ofSeconds(240);
  static final String IDENTITY = "chaos";
  static final String FORGE_SOURCE = "chaos-forge";
  static final String COMMIT_SOURCE = "chaos-commit";
  static final String CONTEXT = "orrery/default/" + FORGE_SOURCE;

  /**
   * Restarts {@code orrery serve} when it exits by itself, as a pod's supervisor does: under {@code
   * orrery serve} a replica that loses its Lease (e.g. when the API server is too slow to renew it)
   * exits so that it comes back as a standby.
   */
  static final class Supervisor implements AutoCloseable {
    final LocalSpaces spaces;
    final Path dir;
    final Map<String, String> properties;
    ReplicaProcess current;
    int starts;
    int exitedByThemselves;

    Supervisor(LocalSpaces spaces, Path dir, Map<String, String> properties) {
      this.spaces = spaces;
      this.dir = dir;
      this.properties = properties;
    }

    synchronized ReplicaProcess start() throws java.io.IOException {
      starts++;
      current = ReplicaProcess.start(spaces, dir, IDENTITY, properties);
      return current;
    }

    /** Starts a new process when the current one has exited by itself. */
    synchronized void ensureRunning() throws java.io.IOException {
      if (!current.process.isAlive()) {
        exitedByThemselves++;
        System.out.printf(
            "chaos: orrery serve exited by itself (code %d); restarting it%n",
            current.process.exitValue());
        start();
      }
    }

    /** SIGKILL, then a new process. */
    synchronized void killAndRestart() throws Exception {
      current.process.destroyForcibly();
      current.process.waitFor();
      start();
    }

    @Override
    public synchronized void close() {
      if (current != null) {
        current.close();
      }
    }
  }

  @Test
  void killMinus9WhileSyncingConvergesWithNothingLostRepeatedOrPruned(LocalSpaces spaces)
      throws Exception {
    int kills = Integer.getInteger("chaos.kills", 2);
    int objects = Integer.getInteger("chaos.objects", 200);
    long seed = Long.getLong("chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    Path dir = Path.of("target", "serve-kill-chaos-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    java.nio.file.Files.createDirectories(dir);
    KubernetesClient wds = spaces.wds().client();
    KubernetesClient wec = spaces.wec("cluster1").space().client();
    KubernetesClient its = spaces.its().client();
    Map<String, String> properties =
        Map.of(
            "orrery.report-interval", "1s",
            "orrery.forge.redeliver-interval", "5s");
    List<Double> recoveries = new ArrayList<>();
    List<String> revisions = new ArrayList<>();
    AtomicInteger wdsDeletions = new AtomicInteger();
    AtomicInteger wecDeletions = new AtomicInteger();
    Supervisor replica = new Supervisor(spaces, dir, properties);
    try (replica;
        GiteaReporting forge = GiteaReporting.start(dir, "fleet");
        Watch wdsWatch = deletions(wds, wdsDeletions);
        Watch wecWatch = deletions(wec, wecDeletions)) {
      forge.write(
          Map.of(
              "forge/policy.yaml",
              policy(FORGE_SOURCE),
              "commit/policy.yaml",
              policy(COMMIT_SOURCE)));
      revisions.add(forge.write(configMaps(objects, 0)).commitAndPush("round 0"));
      forge.createTokenSecret(wds, "default");
      replica.start();
      long started = System.nanoTime();
      // Orrery installs its CRDs as it starts.
      await()
          .atMost(CONVERGE)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                replica.ensureRunning();
                assertThat(
                        wds.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName("gitsources.gitops.orrery.dev")
                            .get())
                    .isNotNull();
              });
      create(
          wds,
          GiteaReporting.gitSource(
              "default",
              FORGE_SOURCE,
              forge.repositoryUrl(),
              "2s",
              List.of("forge"),
              GiteaReporting.TOKEN_SECRET,
              forge.forgeReport()));
      create(
          wds,
          GiteaReporting.gitSource(
              "default",
              COMMIT_SOURCE,
              forge.repositoryUrl(),
              "2s",
              List.of("commit"),
              GiteaReporting.TOKEN_SECRET,
              "{mode: commit, branch: orrery-status}"));
      awaitConverged(replica, forge, wec, objects, 0, revisions.get(0));
      System.out.printf(
          "chaos: first sync of %d objects converged after %.1f s%n",
          objects, (System.nanoTime() - started) / 1e9);
      Set<String> works = manifestWorks(its);

      for (int round = 1; round <= kills; round++) {
        revisions.add(forge.write(configMaps(objects, round)).commitAndPush("round " + round));
        long delay = random.nextInt(6000);
        Thread.sleep(delay); // a random point of fetching, applying, placing or reporting
        long killed = System.nanoTime();
        replica.killAndRestart(); // SIGKILL, then a new process
        awaitConverged(replica, forge, wec, objects, round, revisions.get(round));
        double seconds = (System.nanoTime() - killed) / 1e9;
        recoveries.add(seconds);
        System.out.printf(
            "chaos: kill %d of %d, %d ms after the push; converged %.1f s after the kill%n",
            round, kills, delay, seconds);
      }

      // The counts, once everything has settled.
      Map<String, List<String>> statuses = new LinkedHashMap<>();
      int repeated = 0;
      for (String sha : revisions) {
        List<JsonNode> list = forge.statuses(sha, CONTEXT);
        statuses.put(
            sha.substring(0, 7), list.stream().map(s -> s.path("status").asText()).toList());
        repeated += GiteaReporting.repeated(list).size();
        assertThat(list).as("statuses of %s", sha).isNotEmpty();
        assertThat(list.get(list.size() - 1).path("status").asText())
            .as("the last status of %s", sha)
            .isEqualTo("success");
      }
      git(forge.work(), "fetch", "-q", "origin", "orrery-status");
      List<String> trees =
          List.of(git(forge.work(), "log", "--format=%T", "FETCH_HEAD").split("\n"));
      int sameTree = 0;
      for (int i = 1; i < trees.size(); i++) {
        if (trees.get(i).equals(trees.get(i - 1))) {
          sameTree++;
        }
      }
      Set<String> worksAfter = manifestWorks(its);
      System.out.printf(
          "FAULT kill -9 of orrery serve: %d kills (seed %d) while syncing %d objects; converged"
              + " after each restart in %s s (max %.1f s); commit statuses per revision %s,"
              + " repeated %d; status-branch commits %d, consecutive with the same tree %d;"
              + " ManifestWorks %d before, %d after, left over %d; deletions of objects Git has:"
              + " WDS %d, WEC %d; processes started %d, of which after exiting by themselves"
              + " %d%n",
          kills,
          seed,
          objects,
          recoveries.stream().map(s -> String.format("%.1f", s)).toList(),
          recoveries.stream().mapToDouble(Double::doubleValue).max().orElse(0),
          statuses,
          repeated,
          trees.size(),
          sameTree,
          works.size(),
          worksAfter.size(),
          worksAfter.stream().filter(w -> !works.contains(w)).count(),
          wdsDeletions.get(),
          wecDeletions.get(),
          replica.starts,
          replica.exitedByThemselves);
      assertThat(repeated).as("commit statuses written twice in a row").isZero();
      assertThat(sameTree).as("status commits that change nothing").isZero();
      assertThat(worksAfter).as("ManifestWorks after the kills").isEqualTo(works);
      assertThat(wdsDeletions.get()).as("objects deleted from the WDS").isZero();
      assertThat(wecDeletions.get()).as("objects deleted from the WEC").isZero();
    }
  }

  /**
   * Waits until the WEC runs round {@code round} of every object, Gitea shows success for the
   * revision, and the status branch's newest commit is about it.
   */
  private static void awaitConverged(
      Supervisor replica,
      GiteaReporting forge,
      KubernetesClient wec,
      int objects,
      int round,
      String sha) {
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              replica.ensureRunning();
              long current =
                  wec
                      .configMaps()
                      .inNamespace("default")
                      .withLabel("chaos")
                      .list()
                      .getItems()
                      .stream()
                      .filter(cm -> String.valueOf(round).equals(cm.getData().get("round")))
                      .count();
              assertThat(current).as("objects of round %d on the WEC", round).isEqualTo(objects);
              assertThat(forge.latestStatus(sha, CONTEXT).orElseThrow().path("status").asText())
                  .isEqualTo("success");
              git(forge.work(), "fetch", "-q", "origin", "orrery-status");
              assertThat(git(forge.work(), "log", "-1", "--format=%s", "FETCH_HEAD"))
                  .contains(sha.substring(0, 12));
            });
  }

  /** Creates the object once its API is served (a CRD just created may take a moment). */
  private static void create(
      KubernetesClient wds, io.fabric8.kubernetes.api.model.GenericKubernetesResource object) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> wds.resource(object).create() != null);
  }

  private static Set<String> manifestWorks(KubernetesClient its) {
    return its
        .genericKubernetesResources(Apis.MANIFEST_WORKS)
        .inNamespace("cluster1")
        .list()
        .getItems()
        .stream()
        .map(w -> w.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Watch deletions(KubernetesClient client, AtomicInteger count) {
    Map<String, Boolean> seen = new ConcurrentHashMap<>();
    return client
        .configMaps()
        .inNamespace("default")
        .withLabel("chaos")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, ConfigMap cm) {
                if (action == Action.DELETED) {
                  seen.put(cm.getMetadata().getName(), true);
                  count.incrementAndGet();
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  /** Half the objects under forge/, half under commit/, each with its round. */
  private static Map<String, String> configMaps(int objects, int round) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < objects; i++) {
      String source = i % 2 == 0 ? FORGE_SOURCE : COMMIT_SOURCE;
      String dir = i % 2 == 0 ? "forge" : "commit";
      files.put(
          "%s/cm-%03d.yaml".formatted(dir, i),
          """
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: chaos-%03d, namespace: default, labels: {chaos: "true", app: %s}}
          data: {round: "%d"}
          """
              .formatted(i, source, round));
    }
    return files;
  }

  private static String policy(String name) {
    return """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: %s}
        spec:
          clusterSelectors: [{matchLabels: {name: cluster1}}]
          downsync: [{objectSelectors: [{matchLabels: {app: %s}}]}]
        """
        .formatted(name, name);
  }
}
