package dev.orrery.app.argocd;

/**
 * A plugin generator request that is answered with an error: the HTTP status and the JSON {@code
 * message}.
 */
public final class GeneratorRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public GeneratorRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status (4xx or 5xx). */
  public int status() {
    return status;
  }
}
