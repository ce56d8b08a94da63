package dev.orrery.gitsource;

import java.util.Optional;

/** The requested branch, tag, semver range or commit does not exist in the remote. */
public class RefResolutionException extends GitSourceException {

  private static final long serialVersionUID = 1L;

  /** A failure naming the reference that could not be found. */
  public RefResolutionException(String message) {
    super(message);
  }

  /**
   * {@code RefNotFound}: retrying does not help until the spec, the credentials or the remote
   * change.
   */
  @Override
  public Optional<String> stalledReason() {
    return Optional.of("RefNotFound");
  }
}
