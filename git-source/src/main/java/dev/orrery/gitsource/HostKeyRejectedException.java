package dev.orrery.gitsource;

import java.util.Optional;

/** The SSH server's host key is unknown to, changed from, or revoked in the given known_hosts. */
public class HostKeyRejectedException extends GitSourceException {

  private static final long serialVersionUID = 1L;

  /** A rejection that says which host and key fingerprint were refused and why. */
  public HostKeyRejectedException(String message) {
    super(message);
  }

  /**
   * {@code HostKeyRejected}: retrying does not help until the spec, the credentials or the remote
   * change.
   */
  @Override
  public Optional<String> stalledReason() {
    return Optional.of("HostKeyRejected");
  }
}
