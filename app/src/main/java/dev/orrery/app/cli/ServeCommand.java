package dev.orrery.app.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orrery serve}: runs the service (HTTP API, webhooks, metrics, controllers) until stopped.
 * Before starting it checks that both spaces answer: a missing kubeconfig, an unknown context or an
 * unreachable space exits 1 with one sentence saying which; bad flags exit 2.
 */
@Command(name = "serve", description = "Run the Orrery service against a WDS and an ITS.")
public final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SpaceOptions spaces;

  @Option(names = "--port", description = "HTTP port (default 8080).")
  Integer port;

  @Option(
      names = "--startup-timeout",
      defaultValue = "10",
      description =
          "Seconds to wait for each space to answer before giving up (default ${DEFAULT-VALUE}).")
  int startupTimeoutSeconds;

  @Override
  public Integer call() {
    if (port != null && (port < 0 || port > 65535)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--port must be between 0 and 65535");
    }
    if (startupTimeoutSeconds < 1 || startupTimeoutSeconds > 3600) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--startup-timeout must be between 1 and 3600 seconds");
    }
    Map<String, Object> props = new LinkedHashMap<>();
    add(props, "orrery.wds-kubeconfig", spaces.wdsKubeconfig);
    add(props, "orrery.wds-context", spaces.wdsContext);
    add(props, "orrery.its-kubeconfig", spaces.itsKubeconfig);
    add(props, "orrery.its-context", spaces.itsContext);
    add(props, "micronaut.server.port", port == null ? null : port.toString());
    // A replica that loses the leader Lease exits so that it restarts as a standby.
    props.put("orrery.leader-election.exit-on-loss", "true");
    PrintWriter err = spec.commandLine().getErr();
    String problem = preflight(effectiveSettings(props));
    if (problem != null) {
      err.println("orrery serve: " + problem);
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
    ApplicationContext context =
        Micronaut.build(new String[0]).mainClass(ServeCommand.class).properties(props).start();
    // Micronaut's own shutdown hook stops the context on SIGTERM or SIGINT (and interrupts this
    // thread); a second hook closing it too would deadlock with the first.
    try {
      while (context.isRunning()) {
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CommandLine.ExitCode.OK;
  }

  /**
   * The space settings the service will use: the flags over Micronaut's configuration (files named
   * by {@code MICRONAUT_CONFIG_FILES}, as the Helm chart does; environment; system properties).
   */
  private static Map<String, String> effectiveSettings(Map<String, Object> flags) {
    Environment environment =
        ApplicationContext.builder().properties(flags).build().getEnvironment().start();
    try {
      Map<String, String> out = new LinkedHashMap<>();
      for (String key :
          new String[] {
            "orrery.wds-kubeconfig",
            "orrery.wds-context",
            "orrery.its-kubeconfig",
            "orrery.its-context"
          }) {
        environment.getProperty(key, String.class).ifPresent(v -> out.put(key, v));
      }
      return out;
    } finally {
      environment.stop();
    }
  }

  /** Why the service cannot start against these spaces, or null. */
  private String preflight(Map<String, String> settings) {
    String wdsFile = settings.get("orrery.wds-kubeconfig");
    String itsFile = settings.get("orrery.its-kubeconfig");
    String missing = SpaceConnections.missingFile("WDS", "orrery.wds-kubeconfig", wdsFile);
    missing =
        missing != null
            ? missing
            : SpaceConnections.missingFile("ITS", "orrery.its-kubeconfig", itsFile);
    if (missing != null) {
      return missing;
    }
    try (KubernetesClient wds =
            SpaceConnections.connect(
                "WDS", wdsFile, settings.get("orrery.wds-context"), startupTimeoutSeconds);
        KubernetesClient its =
            SpaceConnections.connect(
                "ITS", itsFile, settings.get("orrery.its-context"), startupTimeoutSeconds)) {
      SpaceConnections.requireReachable("WDS", wds);
      SpaceConnections.requireReachable("ITS", its);
      return null;
    } catch (SpaceConnections.UnusableSpaceException e) {
      return e.getMessage();
    }
  }

  private static void add(Map<String, Object> props, String key, String value) {
    if (value != null && !value.isBlank()) {
      props.put(key, value);
    }
  }
}
