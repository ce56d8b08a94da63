package dev.orrery.gitsource;

/** The SSH server's host key is unknown to, changed from, or revoked in the given known_hosts. */
public class HostKeyRejectedException extends GitSourceException {

  private static final long serialVersionUID = 1L;

  /** A rejection that says which host and key fingerprint were refused and why. */
  public HostKeyRejectedException(String message) {
    super(message);
  }
}
