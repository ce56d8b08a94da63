package dev.orrery.gitsource;

/**
 * A failure to talk to or read a Git repository. Messages never contain credentials, and causes are
 * scrubbed copies of the original exceptions (same types named, same stack traces).
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
}
