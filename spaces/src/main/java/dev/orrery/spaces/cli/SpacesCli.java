package dev.orrery.spaces.cli;

import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.RunState;
import dev.orrery.spaces.SpacesException;
import dev.orrery.spaces.Wec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spaces up|down|status}: real local spaces for people and for the demo. */
@Command(
    name = "spaces",
    mixinStandardHelpOptions = true,
    description =
        "Start and stop real local spaces: a WDS, an ITS (OCM hub) and WECs that join it with OCM"
            + " registration and run OCM work agents.",
    subcommands = {SpacesCli.Up.class, SpacesCli.Down.class, SpacesCli.Status.class})
public final class SpacesCli {
  static final Path DEFAULT_DIR =
      Path.of(System.getProperty("user.home"), ".cache", "orrery", "run", "spaces");

  public static void main(String[] args) {
    System.exit(new CommandLine(new SpacesCli()).execute(args));
  }

  /** Starts the spaces and leaves them running. */
  @Command(name = "up", description = "Start a WDS, an ITS and --wecs WECs; leave them running.")
  static final class Up implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--wecs",
        defaultValue = "2",
        description = "Number of WECs (default ${DEFAULT-VALUE}).")
    int wecs;

    @Option(
        names = "--label",
        description =
            "Labels of one WEC's ManagedCluster, key=value[,key=value...]; repeat once per WEC, in order. "
                + "A 'name' label names the WEC; otherwise WECs are cluster1, cluster2, ...")
    List<String> labels = List.of();

    @Option(
        names = "--nodes",
        defaultValue = "1",
        description = "kwok Nodes per WEC (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--dir", description = "Run directory (default ~/.cache/orrery/run/spaces).")
    Path dir = DEFAULT_DIR;

    @Option(
        names = "--registration",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "WECs join the ITS through OCM registration: registration agent, CSR, acceptance like"
                + " 'clusteradm accept', lease-based availability (default). --no-registration"
                + " pre-creates accepted ManagedClusters instead.")
    boolean registration;

    @Option(
        names = "--lease-seconds",
        defaultValue = "" + LocalSpaces.DEFAULT_LEASE_SECONDS,
        description =
            "leaseDurationSeconds of registered ManagedClusters (default ${DEFAULT-VALUE}); the hub"
                + " marks a cluster unavailable after 5 missed leases.")
    int leaseSeconds;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (wecs < 0 || labels.size() > wecs) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--label was given " + labels.size() + " times for " + wecs + " WECs");
      }
      Optional<RunState> previous = RunState.read(dir);
      if (previous.isPresent()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "spaces are already up in " + dir + "; run 'spaces down' first");
      }
      Directories.deleteRecursively(dir);
      LocalSpaces.Builder builder =
          LocalSpaces.builder()
              .directory(dir)
              .nodesPerWec(nodes)
              .registration(registration)
              .leaseDurationSeconds(leaseSeconds);
      for (int i = 0; i < wecs; i++) {
        Map<String, String> wecLabels = i < labels.size() ? parseLabels(labels.get(i)) : Map.of();
        builder.wec(wecLabels.getOrDefault("name", "cluster" + (i + 1)), wecLabels);
      }
      out.println("Starting a WDS, an ITS and " + wecs + " WEC(s) in " + dir + " ...");
      out.flush();
      LocalSpaces spaces = builder.start();
      RunState state = spaces.detach();
      out.printf("Ready in %.1f s. Kubeconfigs:%n", spaces.startTime().toMillis() / 1000.0);
      state.kubeconfigs().forEach((name, path) -> out.printf("  %-10s %s%n", name, path));
      for (Wec wec : spaces.wecs()) {
        out.printf("  WEC %s labels %s%n", wec.name(), wec.labels());
      }
      out.println(
          "Try:   kubectl --kubeconfig "
              + state.kubeconfigs().get("its")
              + " get managedclusters --show-labels");
      out.println("Logs:  " + dir + "/<space>/logs/");
      out.println("Stop:  spaces down" + (dir.equals(DEFAULT_DIR) ? "" : " --dir " + dir));
      return 0;
    }
  }

  /** Stops what {@code up} started. */
  @Command(name = "down", description = "Stop the spaces started by 'spaces up'.")
  static final class Down implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Run directory (default ~/.cache/orrery/run/spaces).")
    Path dir = DEFAULT_DIR;

    @Override
    public Integer call() {
      Optional<RunState> state = RunState.read(dir);
      if (state.isEmpty()) {
        spec.commandLine().getOut().println("No spaces are up in " + dir + ".");
        return 0;
      }
      int stopped = state.get().stop();
      spec.commandLine()
          .getOut()
          .println("Stopped " + stopped + " process(es) of the spaces in " + dir + ".");
      return 0;
    }
  }

  /** Shows what is up. */
  @Command(name = "status", description = "Show the spaces started by 'spaces up'.")
  static final class Status implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Run directory (default ~/.cache/orrery/run/spaces).")
    Path dir = DEFAULT_DIR;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Optional<RunState> state = RunState.read(dir);
      if (state.isEmpty()) {
        out.println("No spaces are up in " + dir + ".");
        return 1;
      }
      long alive =
          state.get().pids().stream()
              .filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
              .count();
      out.printf(
          "%d of %d processes alive in %s, resident memory %d MiB%n",
          alive, state.get().pids().size(), dir, state.get().residentBytes() / (1024 * 1024));
      state.get().kubeconfigs().forEach((name, path) -> out.printf("  %-10s %s%n", name, path));
      return alive == state.get().pids().size() ? 0 : 1;
    }
  }

  static Map<String, String> parseLabels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new SpacesException("label '" + pair + "' is not key=value");
      }
      labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return labels;
  }
}
