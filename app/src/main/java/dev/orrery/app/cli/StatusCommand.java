package dev.orrery.app.cli;

import dev.orrery.app.cli.status.SpaceUnreadableException;
import dev.orrery.app.cli.status.StatusJson;
import dev.orrery.app.cli.status.StatusReader;
import dev.orrery.app.cli.status.StatusTable;
import dev.orrery.app.cli.status.SystemStatus;
import io.fabric8.kubernetes.client.Config;
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
@Command(name = "status", description = "Show a running system: GitSources, BindingPolicies, clusters and their ManifestWorks.")
public final class StatusCommand implements Callable<Integer> {
  /** Output formats. */
  enum Output { TABLE, JSON }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--wds-kubeconfig", defaultValue = "${env:ORRERY_WDS_KUBECONFIG}",
      description = "Kubeconfig of the WDS (default: $ORRERY_WDS_KUBECONFIG, else in-cluster or $KUBECONFIG).")
  String wdsKubeconfig;

  @Option(names = "--wds-context", description = "Context in the WDS kubeconfig.")
  String wdsContext;

  @Option(names = "--its-kubeconfig", defaultValue = "${env:ORRERY_ITS_KUBECONFIG}",
      description = "Kubeconfig of the ITS (default: $ORRERY_ITS_KUBECONFIG, else in-cluster or $KUBECONFIG).")
  String itsKubeconfig;

  @Option(names = "--its-context", description = "Context in the ITS kubeconfig.")
  String itsContext;

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).")
  Output output;

  @Option(names = "--timeout", defaultValue = "5",
      description = "Seconds to wait for each space to answer (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be between 1 and 3600 seconds");
    }
    PrintWriter err = spec.commandLine().getErr();
    String missing = SpaceConnections.missingFile("WDS", "--wds-kubeconfig", wdsKubeconfig);
    missing = missing != null ? missing : SpaceConnections.missingFile("ITS", "--its-kubeconfig", itsKubeconfig);
    if (missing != null) {
      err.println("orrery status: " + missing);
      return CommandLine.ExitCode.SOFTWARE;
    }
    try (KubernetesClient wds = SpaceConnections.connect("WDS", wdsKubeconfig, wdsContext, timeoutSeconds);
        KubernetesClient its = SpaceConnections.connect("ITS", itsKubeconfig, itsContext, timeoutSeconds)) {
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
