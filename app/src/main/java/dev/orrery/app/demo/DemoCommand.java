package dev.orrery.app.demo;

import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.Wec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jgit.api.Git;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orrery demo}: real local spaces (a WDS, an ITS, 3 WECs labelled like the KubeStellar
 * quickstart), the example repository served by a local Git server, Orrery running on them, and a
 * live table until every workload is available on its clusters.
 */
@Command(
    name = "demo",
    description = "Run Orrery end to end on real local spaces with the example repository.")
public final class DemoCommand implements Callable<Integer> {
  private static final String STATUS_BRANCH = "orrery-status";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", description = "Run directory (default ~/.cache/orrery/run/demo).")
  Path dir = Path.of(System.getProperty("user.home"), ".cache", "orrery", "run", "demo");

  @Option(names = "--repo", description = "Repository to serve (default examples/repo-layout).")
  Path repo;

  @Option(
      names = "--timeout",
      defaultValue = "600",
      description = "Seconds to wait for every workload (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--exit-when-ready",
      description =
          "Stop everything and exit 0 once every workload is available (for scripts and tests).")
  boolean exitWhenReady;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path source = repo != null ? repo : root().resolve("examples/repo-layout");
    if (!Files.isDirectory(source)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "repository folder " + source + " does not exist");
    }
    Directories.deleteRecursively(dir);
    Instant started = Instant.now();
    int port = freePort();
    out.println(
        "Dashboard: http://localhost:" + port + "/   (live once Orrery has started, step 3)");
    out.println();
    out.flush();
    Step step = new Step(out);

    step.begin(
        "Building (if needed) and starting real local spaces: a WDS, an ITS and 3 WECs joining it"
            + " through OCM registration");
    LocalSpaces spaces =
        LocalSpaces.builder()
            .directory(dir.resolve("spaces"))
            .wec(
                "cluster1",
                Map.of("name", "cluster1", "location-group", "edge", "rollout-group", "canary"))
            .wec("cluster2", Map.of("name", "cluster2", "location-group", "edge"))
            .wec("cluster3", Map.of("name", "cluster3", "location-group", "core"))
            .start();
    step.done();
    try (spaces;
        LocalGitServer git = startGit(step, source);
        EmbeddedServer orrery = startOrrery(step, spaces, port)) {
      step.begin("Creating GitSource default/fleet for " + git.url("fleet"));
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
            ref: {branch: main}
            interval: 30s
            report: {mode: commit, branch: %s, gitNotes: true}
          """
                      .formatted(git.url("fleet"), STATUS_BRANCH),
                  GenericKubernetesResource.class))
          .create();
      step.done();

      step.begin("Waiting until every workload is available on its clusters");
      out.println();
      String last = "";
      int unchangedReadyLooks = 0;
      Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
      DemoReadiness.Snapshot snapshot;
      while (true) {
        snapshot = DemoReadiness.look(spaces);
        boolean same = snapshot.table().equals(last);
        if (!same) {
          out.println(snapshot.table());
          out.flush();
          last = snapshot.table();
        }
        // Ready, and settled: the same picture for three looks in a row (placement has caught up).
        unchangedReadyLooks = snapshot.ready() && same ? unchangedReadyLooks + 1 : 0;
        if (unchangedReadyLooks >= 3 || Instant.now().isAfter(deadline)) {
          break;
        }
        Thread.sleep(1000);
      }
      if (unchangedReadyLooks < 3) {
        out.println(
            "Not every workload became available within "
                + timeoutSeconds
                + " s; logs are under "
                + dir);
        return 1;
      }
      out.printf(
          "Every workload is available, %.0f s after start.%n%n",
          Duration.between(started, Instant.now()).toMillis() / 1000.0);
      awaitStatusBranch(step, git.url("fleet"));
      lookAround(out, spaces, git, orrery);
      if (exitWhenReady) {
        return 0;
      }
      out.println("Press Ctrl-C to stop everything.");
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
      return 0;
    }
  }

  /**
   * Waits until Orrery has written what runs where to the status branch of the served repository.
   */
  private void awaitStatusBranch(Step step, String url) throws Exception {
    step.begin("Waiting for Orrery to write what runs where to branch " + STATUS_BRANCH);
    Instant deadline = Instant.now().plusSeconds(60);
    while (Git.lsRemoteRepository().setRemote(url).setHeads(true).call().stream()
        .noneMatch(r -> r.getName().equals("refs/heads/" + STATUS_BRANCH))) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "no status branch " + STATUS_BRANCH + " after 60 s; see the Orrery log lines above");
      }
      Thread.sleep(1000);
    }
    step.done();
  }

  private LocalGitServer startGit(Step step, Path source) throws Exception {
    step.begin("Serving " + source + " from a local Git server (git daemon)");
    LocalGitServer git = LocalGitServer.start(dir.resolve("git"));
    git.create("fleet").copyFrom(source).commitAndPush("Orrery demo: example repository");
    step.done();
    return git;
  }

  private EmbeddedServer startOrrery(Step step, LocalSpaces spaces, int port) {
    step.begin("Starting Orrery on the WDS and ITS");
    EmbeddedServer server =
        LocalOrrery.start(
            spaces,
            dir.resolve("git-cache"),
            Map.of("orrery.report-interval", "2s", "micronaut.server.port", port));
    step.done();
    return server;
  }

  private void lookAround(
      PrintWriter out, LocalSpaces spaces, LocalGitServer git, EmbeddedServer orrery) {
    String kubectl = "kubectl";
    out.println("Look around:");
    out.println(
        "  " + orrery.getURL() + "/   # the dashboard: fleet map, sources, policies, clusters");
    out.println(
        "  kubectl --kubeconfig "
            + spaces.wds().kubeconfig()
            + " get gitsources,bindingpolicies,bindings");
    out.println(
        "  kubectl --kubeconfig "
            + spaces.its().kubeconfig()
            + " get managedclusters --show-labels");
    out.println("  kubectl --kubeconfig " + spaces.its().kubeconfig() + " get manifestworks -A");
    for (Wec wec : spaces.wecs()) {
      out.println(
          "  "
              + kubectl
              + " --kubeconfig "
              + wec.space().kubeconfig()
              + " get deployments -A   # "
              + wec.name());
    }
    out.println(
        "  git clone " + git.url("fleet") + "   # change something, push, and watch it move");
    out.println(
        "  git clone -b "
            + STATUS_BRANCH
            + " "
            + git.url("fleet")
            + " fleet-status"
            + "   # what runs where, per BindingPolicy and cluster, written by Orrery");
    out.println(
        "  git fetch origin refs/notes/orrery:refs/notes/orrery && git log --notes=orrery"
            + "   # in the clone of main: where each commit runs");
    out.println(
        "  orrery rollout status --wds-kubeconfig "
            + spaces.wds().kubeconfig()
            + "   # waves of edge-web and core-greeter (RolloutPolicy waves)");
    out.println("  curl " + orrery.getURL() + "/metrics");
    out.println("Logs: " + dir.resolve("spaces") + "/<space>/logs/");
  }

  /** A free loopback port for the dashboard, so its URL can be printed before anything starts. */
  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path root() {
    String configured = System.getProperty("orrery.root", System.getenv("ORRERY_ROOT"));
    return configured == null ? Path.of("").toAbsolutePath() : Path.of(configured);
  }

  /** Numbered progress lines with timings. */
  private static final class Step {
    private final PrintWriter out;
    private int n;
    private Instant started;

    Step(PrintWriter out) {
      this.out = out;
    }

    void begin(String what) {
      started = Instant.now();
      out.printf("[%d] %s ...%n", ++n, what);
      out.flush();
    }

    void done() {
      out.printf(
          "    done in %.1f s%n", Duration.between(started, Instant.now()).toMillis() / 1000.0);
      out.flush();
    }
  }
}
