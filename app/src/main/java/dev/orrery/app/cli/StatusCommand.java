package dev.orrery.app.cli;

import dev.orrery.app.cli.status.SpaceUnreadableException;
import dev.orrery.app.cli.status.StatusJson;
import dev.orrery.app.cli.status.StatusReader;
import dev.orrery.app.cli.status.StatusTable;
import dev.orrery.app.cli.status.SystemStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orrery status}: a running system's GitSources, BindingPolicies, clusters and per-cluster
 * ManifestWorks, read from its WDS and ITS. Exit 0 when both were read, 1 when a kubeconfig is
 * missing or a space cannot be read, 2 on bad flags.
 */
@Command(
    name = "status",
    description =
        "Show a running system: GitSources, BindingPolicies, clusters and their ManifestWorks.")
public final class StatusCommand implements Callable<Integer> {
  /** Output formats. */
  enum Output {
    TABLE,
    JSON
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SpaceOptions spaces;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table or json (default ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = "--timeout",
      defaultValue = "5",
      description = "Seconds to wait for each space to answer (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--timeout must be between 1 and 3600 seconds");
    }
    PrintWriter err = spec.commandLine().getErr();
    String missing = SpaceConnections.missingFile("WDS", "--wds-kubeconfig", spaces.wdsKubeconfig);
    missing =
        missing != null
            ? missing
            : SpaceConnections.missingFile("ITS", "--its-kubeconfig", spaces.itsKubeconfig);
    if (missing != null) {
      err.println("orrery status: " + missing);
      return CommandLine.ExitCode.SOFTWARE;
    }
    try (KubernetesClient wds =
            SpaceConnections.connect(
                "WDS", spaces.wdsKubeconfig, spaces.wdsContext, timeoutSeconds);
        KubernetesClient its =
            SpaceConnections.connect(
                "ITS", spaces.itsKubeconfig, spaces.itsContext, timeoutSeconds)) {
      SystemStatus status = StatusReader.read(wds, its);
      PrintWriter out = spec.commandLine().getOut();
      out.print(output == Output.JSON ? StatusJson.render(status) : StatusTable.render(status));
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (SpaceUnreadableException | SpaceConnections.UnusableSpaceException e) {
      err.println("orrery status: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
  }
}
