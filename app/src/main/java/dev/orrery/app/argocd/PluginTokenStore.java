package dev.orrery.app.argocd;

import java.util.Optional;

/** Where the plugin generator's shared token comes from. */
public interface PluginTokenStore {

  /**
   * The token Argo CD must present, or empty when none is configured (then every request is
   * refused).
   *
   * @throws TokenUnavailableException when the token cannot be read right now
   */
  Optional<byte[]> token();

  /** Where the token is kept, for messages (never the token itself). */
  String describe();

  /** The token cannot be read (e.g. the WDS is unreachable). */
  final class TokenUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
