package dev.orrery.app.cli;

import dev.orrery.app.cli.status.SpaceUnreadableException;
import dev.orrery.app.cli.status.StatusJson;
import dev.orrery.app.cli.status.StatusReader;
import dev.orrery.app.cli.status.StatusTable;
import dev.orrery.app.cli.status.SystemStatus;
import dev.orrery.app.config.KubernetesClients;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
    String missing = missingFile("WDS", "--wds-kubeconfig", wdsKubeconfig);
    missing = missing != null ? missing : missingFile("ITS", "--its-kubeconfig", itsKubeconfig);
    if (missing != null) {
      err.println("orrery status: " + missing);
      return CommandLine.ExitCode.SOFTWARE;
    }
    try (KubernetesClient wds = connect("WDS", wdsKubeconfig, wdsContext);
        KubernetesClient its = connect("ITS", itsKubeconfig, itsContext)) {
      SystemStatus status = StatusReader.read(wds, its);
      PrintWriter out = spec.commandLine().getOut();
      out.print(output == Output.JSON ? StatusJson.render(status) : StatusTable.render(status));
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (SpaceUnreadableException | UnusableKubeconfigException e) {
      err.println("orrery status: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  private static String missingFile(String space, String flag, String kubeconfig) {
    if (kubeconfig == null || kubeconfig.isBlank() || Files.isRegularFile(Path.of(kubeconfig))) {
      return null;
    }
    return "the " + space + " kubeconfig " + kubeconfig + " (" + flag + ") does not exist or is not a file";
  }

  /** A client that gives up on an unreachable space after the timeout instead of retrying. */
  private KubernetesClient connect(String space, String kubeconfig, String context) {
    Config config;
    try (KubernetesClient base = KubernetesClients.connect(space, kubeconfig, context)) {
      config = base.getConfiguration();
    } catch (RuntimeException e) {
      throw new UnusableKubeconfigException("cannot use the " + space + " kubeconfig"
          + (kubeconfig == null || kubeconfig.isBlank() ? "" : " " + kubeconfig) + ": " + e.getMessage(), e);
    }
    if (context != null && !context.isBlank()
        && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
      // fabric8 falls back to the current context when the named one is missing; a typo must not do that.
      throw new UnusableKubeconfigException("the " + space + " kubeconfig"
          + (kubeconfig == null || kubeconfig.isBlank() ? "" : " " + kubeconfig) + " has no context " + context
          + " (it has: " + config.getContexts().stream().map(NamedContext::getName).collect(Collectors.joining(", ")) + ")",
          null);
    }
    int millis = timeoutSeconds * 1000;
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(config)
        .withConnectionTimeout(millis).withRequestTimeout(millis).withRequestRetryBackoffLimit(0).build()).build();
  }

  /** A kubeconfig that exists but cannot be turned into a client. */
  private static final class UnusableKubeconfigException extends RuntimeException {
    UnusableKubeconfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
