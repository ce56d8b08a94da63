package dev.orrery.gitsource;

/** The requested branch, tag, semver range or commit does not exist in the remote. */
public class RefResolutionException extends GitSourceException {

  private static final long serialVersionUID = 1L;

  /** A failure naming the reference that could not be found. */
  public RefResolutionException(String message) {
    super(message);
  }
}
