package dev.orrery.gitsource;

import java.util.Optional;

/**
 * A failure to talk to or read a Git repository. Messages never contain credentials, and causes are
 * scrubbed copies of the original exceptions (same types named, same stack traces).
 *
 * <p>Failures that retrying cannot cure are subclasses with a {@link #stalledReason()}: {@link
 * GitAuthenticationException} ({@code AuthenticationFailed}), {@link RefResolutionException}
 * ({@code RefNotFound}) and {@link HostKeyRejectedException} ({@code HostKeyRejected}). Everything
 * else, such as an unreachable host, a refused connection or a timeout, is this class itself, with
 * no stalled reason: worth retrying with backoff.
 */
public class GitSourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure with a scrubbed message. */
  public GitSourceException(String message) {
    super(message);
  }

  /** A failure with a scrubbed message and a cause already scrubbed by {@link SecretScrubber}. */
  public GitSourceException(String message, Throwable scrubbedCause) {
    super(message, scrubbedCause);
  }

  /**
   * The condition reason to stall the GitSource with when retrying cannot help until its spec,
   * credentials or remote change; empty for failures that may pass (network), to retry with
   * backoff.
   */
  public Optional<String> stalledReason() {
    return Optional.empty();
  }
}
