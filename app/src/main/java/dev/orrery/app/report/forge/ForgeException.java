package dev.orrery.app.report.forge;

import dev.orrery.gitsource.webhook.Forge;
import java.time.Duration;
import java.util.Optional;

/**
 * A forge API call that failed: the method, path and HTTP status (0 when no response came) are in
 * the message, together with the forge's own explanation. Messages are built with the token
 * redacted, so they are safe to log.
 */
public final class ForgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Forge forge;
  private final String method;
  private final String path;
  private final int status;
  private final String detail;
  private final boolean retryable;
  private final transient Duration retryAfter;

  ForgeException(
      Forge forge,
      String method,
      String path,
      int status,
      String detail,
      boolean retryable,
      Duration retryAfter,
      Throwable cause) {
    this(forge, method, path, status, detail, retryable, retryAfter, cause, "");
  }

  private ForgeException(
      Forge forge,
      String method,
      String path,
      int status,
      String detail,
      boolean retryable,
      Duration retryAfter,
      Throwable cause,
      String suffix) {
    super(message(forge, method, path, status, detail) + suffix, cause);
    this.forge = forge;
    this.method = method;
    this.path = path;
    this.status = status;
    this.detail = detail;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  private static String message(
      Forge forge, String method, String path, int status, String detail) {
    String outcome = status == 0 ? "no response" : "HTTP " + status;
    return forge.displayName()
        + " "
        + method
        + " "
        + path
        + " failed: "
        + outcome
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
  }

  /** The same failure, final, with why no further attempt is made. */
  ForgeException givingUp(int attempts, String why) {
    return new ForgeException(
        forge,
        method,
        path,
        status,
        detail,
        retryable,
        retryAfter,
        getCause(),
        "; gave up after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + why);
  }

  /** The forge the call went to. */
  public Forge forge() {
    return forge;
  }

  /** The HTTP method of the failed call. */
  public String method() {
    return method;
  }

  /** The path (and query) of the failed call. */
  public String path() {
    return path;
  }

  /** The HTTP status, or 0 when the forge did not answer (connection refused, timeout). */
  public int status() {
    return status;
  }

  /** The forge's explanation (its error message), redacted and shortened; may be empty. */
  public String detail() {
    return detail == null ? "" : detail;
  }

  /** Whether the failure is transient (rate limit, 5xx, no response) and worth another attempt. */
  public boolean retryable() {
    return retryable;
  }

  /** How long the forge asked to wait before the next attempt, when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
