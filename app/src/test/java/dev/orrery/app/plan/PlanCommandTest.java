package dev.orrery.app.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.app.cli.OrreryCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code orrery plan} on a real Git repository and a clusters file: the JSON contract, changes
 * against a base, exit codes.
 */
class PlanCommandTest {
  @TempDir Path dir;
  Path repo;
  Path clusters;

  @BeforeEach
  void repository() throws Exception {
    repo = dir.resolve("repo");
    write(
        "apps/web.yaml",
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: web, labels: {app.kubernetes.io/part-of: shop}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: frontend, namespace: web, labels: {app.kubernetes.io/part-of: shop}}
        spec: {replicas: 2}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: web, labels: {app.kubernetes.io/part-of: shop}}
        data: {color: blue}
        """);
    write(
        "policies/edge.yaml",
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: edge-web}
        spec:
          clusterSelectors: [{matchLabels: {location-group: edge}}]
          downsync: [{objectSelectors: [{matchLabels: {app.kubernetes.io/part-of: shop}}]}]
        """);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("base")
          .setAuthor("t", "t@example.com")
          .setCommitter("t", "t@example.com")
          .call();
    }
    clusters = dir.resolve("clusters.yaml");
    Files.writeString(
        clusters,
        """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: cluster1, labels: {location-group: edge}}
        ---
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: cluster2, labels: {location-group: edge}}
        ---
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: cluster3, labels: {location-group: core}}
        """);
  }

  @Test
  void withoutBaseEveryPlacementIsAddedAndEveryClusterAppears() throws Exception {
    Run run =
        run(
            "plan",
            "--repo",
            repo.toString(),
            "--clusters",
            clusters.toString(),
            "--output",
            "json");
    assertThat(run.code).as(run.out).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out);
    assertThat(json.get("clusters").fieldNames())
        .toIterable()
        .containsExactly("cluster1", "cluster2", "cluster3");
    assertThat(json.get("clusters").get("cluster3")).isEmpty();
    JsonNode c1 = json.get("clusters").get("cluster1");
    assertThat(c1).hasSize(3);
    assertThat(c1.findValuesAsText("change")).containsOnly("added");
    assertThat(c1.findValuesAsText("name"))
        .containsExactlyInAnyOrder("web", "frontend", "settings");
    JsonNode deployment = c1.get(0);
    assertThat(deployment.get("group").asText()).isEqualTo("apps");
    assertThat(deployment.get("version").asText()).isEqualTo("v1");
    assertThat(deployment.get("kind").asText()).isEqualTo("Deployment");
    assertThat(deployment.get("namespace").asText()).isEqualTo("web");
    assertThat(json.get("errors")).isEmpty();
  }

  @Test
  void againstABaseRevisionPlacementsAreAddedChangedRemovedOrUnchanged() throws Exception {
    write(
        "apps/web.yaml",
        Files.readString(repo.resolve("apps/web.yaml"))
            .replace("replicas: 2", "replicas: 3")
            .replace(
                """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: web, labels: {app.kubernetes.io/part-of: shop}}
            data: {color: blue}
            """,
                ""));
    write(
        "apps/api.yaml",
        """
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: web, labels: {app.kubernetes.io/part-of: shop}}
        spec: {ports: [{port: 80}]}
        """);
    Run run =
        run(
            "plan",
            "--repo",
            repo.toString(),
            "--clusters",
            clusters.toString(),
            "--base",
            "HEAD",
            "--output",
            "json");
    assertThat(run.code).as(run.out).isZero();
    JsonNode c2 = new ObjectMapper().readTree(run.out).get("clusters").get("cluster2");
    assertThat(change(c2, "frontend")).isEqualTo("changed");
    assertThat(change(c2, "settings")).isEqualTo("removed");
    assertThat(change(c2, "api")).isEqualTo("added");
    assertThat(change(c2, "web")).isEqualTo("unchanged");
  }

  @Test
  void aBrokenFileMakesTheRevisionRejectedWithPathAndLine() throws Exception {
    write("apps/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n");
    Run run =
        run(
            "plan",
            "--repo",
            repo.toString(),
            "--clusters",
            clusters.toString(),
            "--output",
            "json");
    assertThat(run.code).isEqualTo(1);
    JsonNode error = new ObjectMapper().readTree(run.out).get("errors").get(0);
    assertThat(error.get("path").asText()).isEqualTo("apps/broken.yaml");
    assertThat(error.get("line").asInt()).isGreaterThan(0);

    Run table = run("plan", "--repo", repo.toString(), "--clusters", clusters.toString());
    assertThat(table.code).isEqualTo(1);
    assertThat(table.out).contains("This revision would be rejected:", "apps/broken.yaml:");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run("plan", "--repo", repo.toString()).code).as("no inventory").isEqualTo(2);
    assertThat(run("plan", "--repo", repo.toString(), "--clusters", "nope.yaml").code).isEqualTo(2);
    assertThat(
            run(
                    "plan",
                    "--repo",
                    repo.toString(),
                    "--clusters",
                    clusters.toString(),
                    "--output",
                    "xml")
                .code)
        .isEqualTo(2);
    assertThat(
            run(
                    "plan",
                    "--repo",
                    dir.resolve("missing").toString(),
                    "--clusters",
                    clusters.toString())
                .code)
        .isEqualTo(2);
    assertThat(run("plan", "--bogus").code).isEqualTo(2);
  }

  private static String change(JsonNode entries, String name) {
    for (JsonNode e : entries) {
      if (name.equals(e.get("name").asText())) {
        return e.get("change").asText();
      }
    }
    return null;
  }

  @Test
  void aRolloutPolicyInTheRepositoryShowsWhichWaveEachClusterWouldBeIn() throws Exception {
    write(
        "policies/waves.yaml",
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: RolloutPolicy
        metadata: {name: waves}
        spec:
          bindingPolicies: {names: [edge-web]}
          decisionGroups:
          - groupName: canary
            groupClusterSelector: {labelSelector: {matchLabels: {rollout-group: canary}}}
          - groupName: edge
            groupClusterSelector: {labelSelector: {matchLabels: {location-group: edge}}}
          rolloutStrategy:
            type: ProgressivePerGroup
            progressivePerGroup:
              mandatoryDecisionGroups: [{groupName: canary}]
        """);
    Files.writeString(
        clusters,
        Files.readString(clusters)
            .replace(
                "{name: cluster1, labels: {location-group: edge}}",
                "{name: cluster1, labels: {location-group: edge, rollout-group: canary}}"));

    Run table = run("plan", "--repo", repo.toString(), "--clusters", clusters.toString());
    Run json =
        run(
            "plan",
            "--repo",
            repo.toString(),
            "--clusters",
            clusters.toString(),
            "--output",
            "json");

    assertThat(table.code).as(table.out).isZero();
    assertThat(table.out)
        .containsPattern("(?m)^BINDINGPOLICY +ROLLOUTPOLICY +WAVE +CLUSTERS$")
        .containsPattern("(?m)^edge-web +waves +1 \\(canary\\) +cluster1$")
        .containsPattern("(?m)^edge-web +waves +2 \\(edge\\) +cluster2$")
        .doesNotContain("cluster3$");
    JsonNode rollout = new ObjectMapper().readTree(json.out).get("rollouts").get(0);
    assertThat(rollout.get("bindingPolicy").asText()).isEqualTo("edge-web");
    assertThat(rollout.get("from").asText()).isEqualTo("repository");
    assertThat(rollout.get("waves").findValuesAsText("name")).containsExactly("canary", "edge");
    assertThat(rollout.at("/waves/1/clusters/0").asText()).isEqualTo("cluster2");
  }

  @Test
  void withoutARolloutPolicyThereIsNoWaveSection() throws Exception {
    Run table = run("plan", "--repo", repo.toString(), "--clusters", clusters.toString());
    Run json =
        run(
            "plan",
            "--repo",
            repo.toString(),
            "--clusters",
            clusters.toString(),
            "--output",
            "json");

    assertThat(table.out).doesNotContain("ROLLOUTPOLICY");
    assertThat(new ObjectMapper().readTree(json.out).get("rollouts")).isEmpty();
  }

  private void write(String path, String text) throws Exception {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private record Run(int code, String out) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new OrreryCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return new Run(cli.execute(args), out.toString());
  }
}
