package dev.orrery.gitsource;

/** The remote refused the credentials (or required some and none were given). */
public class GitAuthenticationException extends GitSourceException {

  private static final long serialVersionUID = 1L;

  /** A refusal with a scrubbed message. */
  public GitAuthenticationException(String message) {
    super(message);
  }
}
