package dev.orrery.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.app.metrics.PrometheusScrape;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;

/**
 * Reporting back to Git, end to end: a GitSource with {@code report.mode: commit} gets a status
 * branch (created, as it does not exist yet) whose files say what runs where, applied and available
 * on the real WEC; no commit is made while nothing changes; a Git note marks the applied commit.
 */
@WithSpaces(
    wecs =
        @WithSpaces.Wec(
            name = "cluster1",
            labels = {"name=cluster1"}))
class StatusReportIT {

  @Test
  void statusBranchSaysWhatRunsWhereAndIsWrittenOnlyOnChange(LocalSpaces spaces) throws Exception {
    Path dir = Path.of("target", "status-report-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    try (LocalGitServer git = LocalGitServer.start(dir.resolve("git"));
        EmbeddedServer server =
            LocalOrrery.start(
                spaces, dir.resolve("cache"), Map.of("orrery.report-interval", "1s"))) {
      LocalGitServer.WorkClone repo = git.create("shop");
      repo.write(
              "app.yaml",
              """
              apiVersion: v1
              kind: Namespace
              metadata: {name: shop, labels: {app: shop}}
              ---
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings, namespace: shop, labels: {app: shop}}
              data: {color: blue}
              """)
          .write(
              "policy.yaml",
              """
              apiVersion: control.kubestellar.io/v1alpha1
              kind: BindingPolicy
              metadata: {name: shop}
              spec:
                clusterSelectors: [{matchLabels: {name: cluster1}}]
                downsync: [{objectSelectors: [{matchLabels: {app: shop}}]}]
              """);
      String revision = repo.commitAndPush("shop");
      spaces
          .wds()
          .client()
          .resource(
              Serialization.unmarshal(
                  """
          apiVersion: gitops.orrery.dev/v1alpha1
          kind: GitSource
          metadata: {name: shop, namespace: default}
          spec:
            url: %s
            interval: 1h
            report: {mode: commit, branch: orrery-status, path: fleet-status, gitNotes: true}
          """
                      .formatted(repo.url()),
                  GenericKubernetesResource.class))
          .create();

      Path bare = dir.resolve("git/served/shop.git");
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> {
                String policyFile =
                    read(
                        bare,
                        "refs/heads/orrery-status",
                        "fleet-status/default/shop/policies/shop.yaml");
                assertThat(policyFile)
                    .contains("sourceRevision:")
                    .contains(revision)
                    .contains("cluster1")
                    .contains("settings")
                    .doesNotContain("Unknown")
                    .doesNotContain("false");
                assertThat(
                        read(
                            bare,
                            "refs/heads/orrery-status",
                            "fleet-status/default/shop/summary.yaml"))
                    .contains("placed: 2", "available: 2");
              });
      int commits = count(bare, "refs/heads/orrery-status");
      Thread.sleep(3000); // several reporter rounds with nothing changing
      assertThat(count(bare, "refs/heads/orrery-status"))
          .as("no commit while nothing changes")
          .isEqualTo(commits);
      try (Repository r = open(bare)) {
        assertThat(r.exactRef("refs/notes/orrery")).as("a note on the applied commit").isNotNull();
        RevCommit head;
        try (var walk = new org.eclipse.jgit.revwalk.RevWalk(r)) {
          head = walk.parseCommit(r.resolve("refs/heads/orrery-status"));
        }
        assertThat(head.getFullMessage()).contains(revision.substring(0, 12));
        assertThat(head.getAuthorIdent().getName()).isEqualTo("Orrery");
      }

      // The policy is renamed: its old status file goes, the new one comes.
      repo.write(
          "policy.yaml",
          """
          apiVersion: control.kubestellar.io/v1alpha1
          kind: BindingPolicy
          metadata: {name: shop-eu}
          spec:
            clusterSelectors: [{matchLabels: {name: cluster1}}]
            downsync: [{objectSelectors: [{matchLabels: {app: shop}}]}]
          """);
      repo.commitAndPush("rename the policy");
      spaces
          .wds()
          .client()
          .genericKubernetesResources("gitops.orrery.dev/v1alpha1", "GitSource")
          .inNamespace("default")
          .withName("shop")
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
                assertThat(
                        read(
                            bare,
                            "refs/heads/orrery-status",
                            "fleet-status/default/shop/policies/shop-eu.yaml"))
                    .contains("settings");
                assertThat(
                        exists(
                            bare,
                            "refs/heads/orrery-status",
                            "fleet-status/default/shop/policies/shop.yaml"))
                    .isFalse();
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                PrometheusScrape metrics = PrometheusScrape.of(server.getURL().toString());
                assertThat(
                        metrics.value(
                            "orrery_status_report_duration_seconds_count", "mode", "commit"))
                    .isPositive();
                assertThat(
                        metrics.value("orrery_manifestworks_written_total", "operation", "create"))
                    .isPositive();
                assertThat(metrics.value("orrery_policy_clusters", "policy", "shop-eu"))
                    .isEqualTo(1);
                assertThat(metrics.has("orrery_policy_clusters", "policy", "shop"))
                    .as("the renamed policy's gauge")
                    .isFalse();
              });
    }
  }

  private static boolean exists(Path bare, String ref, String path) throws Exception {
    try (Repository r = open(bare);
        var walk = new org.eclipse.jgit.revwalk.RevWalk(r);
        TreeWalk tw = TreeWalk.forPath(r, path, walk.parseCommit(r.resolve(ref)).getTree())) {
      return tw != null;
    }
  }

  private static Repository open(Path bare) throws Exception {
    return new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
  }

  private static String read(Path bare, String ref, String path) throws Exception {
    try (Repository r = open(bare);
        var walk = new org.eclipse.jgit.revwalk.RevWalk(r)) {
      ObjectId id = r.resolve(ref);
      RevCommit commit = walk.parseCommit(id);
      try (TreeWalk tw = TreeWalk.forPath(r, path, commit.getTree())) {
        return new String(
            r.open(tw.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
  }

  private static int count(Path bare, String ref) throws Exception {
    try (Repository r = open(bare);
        Git g = new Git(r)) {
      int n = 0;
      for (RevCommit ignored : g.log().add(r.resolve(ref)).call()) {
        n++;
      }
      return n;
    }
  }
}
