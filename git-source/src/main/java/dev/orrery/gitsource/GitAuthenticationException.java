package dev.orrery.gitsource;

import java.util.Optional;

/** The remote refused the credentials (or required some and none were given). */
public class GitAuthenticationException extends GitSourceException {

  private static final long serialVersionUID = 1L;

  /** A refusal with a scrubbed message. */
  public GitAuthenticationException(String message) {
    super(message);
  }

  /**
   * {@code AuthenticationFailed}: retrying does not help until the spec, the credentials or the
   * remote change.
   */
  @Override
  public Optional<String> stalledReason() {
    return Optional.of("AuthenticationFailed");
  }
}
