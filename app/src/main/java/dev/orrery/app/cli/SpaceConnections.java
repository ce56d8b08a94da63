package dev.orrery.app.cli;

import dev.orrery.app.config.KubernetesClients;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * How the CLI reaches a space (WDS or ITS) from a kubeconfig flag and context: a missing file, a
 * context the kubeconfig does not have, or a space that does not answer within the timeout is one
 * clear sentence, never a stack trace or an endless retry.
 */
final class SpaceConnections {
  private SpaceConnections() {}

  /**
   * A kubeconfig that exists but cannot be turned into a client, or a space that does not answer.
   */
  static final class UnusableSpaceException extends RuntimeException {
    UnusableSpaceException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Why {@code kubeconfig} (given by {@code flag}) cannot be read, or null when it is unset or a
   * file.
   */
  static String missingFile(String space, String flag, String kubeconfig) {
    if (kubeconfig == null || kubeconfig.isBlank() || Files.isRegularFile(Path.of(kubeconfig))) {
      return null;
    }
    return "the "
        + space
        + " kubeconfig "
        + kubeconfig
        + " ("
        + flag
        + ") does not exist or is not a file";
  }

  /**
   * A client that gives up on an unreachable space after {@code timeoutSeconds} instead of
   * retrying.
   */
  static KubernetesClient connect(
      String space, String kubeconfig, String context, int timeoutSeconds) {
    Config config;
    try (KubernetesClient base = KubernetesClients.connect(space, kubeconfig, context)) {
      config = base.getConfiguration();
    } catch (RuntimeException e) {
      throw new UnusableSpaceException(
          "cannot use the "
              + space
              + " kubeconfig"
              + (kubeconfig == null || kubeconfig.isBlank() ? "" : " " + kubeconfig)
              + ": "
              + e.getMessage(),
          e);
    }
    if (context != null
        && !context.isBlank()
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      // fabric8 falls back to the current context when the named one is missing; a typo must not do
      // that.
      throw new UnusableSpaceException(
          "the "
              + space
              + " kubeconfig"
              + (kubeconfig == null || kubeconfig.isBlank() ? "" : " " + kubeconfig)
              + " has no context "
              + context
              + " (it has: "
              + config.getContexts().stream()
                  .map(NamedContext::getName)
                  .collect(Collectors.joining(", "))
              + ")",
          null);
    }
    int millis = timeoutSeconds * 1000;
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(config)
                .withConnectionTimeout(millis)
                .withRequestTimeout(millis)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  /** Asks the space for its version; fails with a sentence naming the space and its URL. */
  static void requireReachable(String space, KubernetesClient client) {
    try {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new UnusableSpaceException(
          "the "
              + space
              + " at "
              + client.getConfiguration().getMasterUrl()
              + " does not answer: "
              + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
          e);
    }
  }
}
