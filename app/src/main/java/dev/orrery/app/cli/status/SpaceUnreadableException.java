package dev.orrery.app.cli.status;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A space (WDS or ITS) could not be read: unreachable, refusing Orrery, or without the API asked
 * for.
 */
public final class SpaceUnreadableException extends RuntimeException {
  public SpaceUnreadableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** One line saying which space failed, where it is, and why. */
  public static String describe(
      String space, String server, String resource, KubernetesClientException e) {
    int code = e.getCode();
    if (code == 404) {
      return "the "
          + space
          + " at "
          + server
          + " does not serve "
          + resource
          + ("ITS".equals(space)
              ? " (is it an OCM hub?)"
              : " (is Orrery running on it? it installs its CRDs at start)");
    }
    if (code == 401 || code == 403) {
      return "the "
          + space
          + " at "
          + server
          + " refused to list "
          + resource
          + " (HTTP "
          + code
          + "): "
          + statusMessage(e);
    }
    if (code > 0) {
      return "the "
          + space
          + " at "
          + server
          + " failed to list "
          + resource
          + " (HTTP "
          + code
          + "): "
          + statusMessage(e);
    }
    return "cannot reach the " + space + " at " + server + ": " + rootCause(e);
  }

  private static String statusMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
