package dev.orrery.gitsource;

import java.util.regex.Pattern;

/** Removes credentials from URLs, messages and exception chains before they are reported. */
public final class SecretScrubber {

  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
  private static final String MASK = "***";
  private static final int MAX_CAUSES = 16;

  private SecretScrubber() {}

  /** The URL without its {@code user:password@} part, if it has one. */
  public static String withoutUserInfo(String url) {
    return url == null ? null : URL_USERINFO.matcher(url).replaceAll("$1");
  }

  /**
   * The message with every URL's user info removed and every secret of {@code credentials} replaced
   * by {@code ***}.
   */
  public static String scrub(String message, GitCredentials credentials) {
    if (message == null) {
      return null;
    }
    String result = withoutUserInfo(message);
    if (credentials != null) {
      for (String secret : credentials.secrets()) {
        if (!secret.isEmpty()) {
          result = result.replace(secret, MASK);
        }
      }
    }
    return result;
  }

  /**
   * A copy of the exception chain whose messages are scrubbed; each copy names the original type in
   * its message and keeps the original stack trace.
   */
  public static Throwable scrub(Throwable error, GitCredentials credentials) {
    return copy(error, credentials, 0);
  }

  private static Throwable copy(Throwable error, GitCredentials credentials, int depth) {
    if (error == null || depth >= MAX_CAUSES) {
      return null;
    }
    Throwable cause = error.getCause() == error ? null : error.getCause();
    ScrubbedException copy =
        new ScrubbedException(
            error.getClass().getName()
                + ": "
                + scrub(String.valueOf(error.getMessage()), credentials),
            copy(cause, credentials, depth + 1));
    copy.setStackTrace(error.getStackTrace());
    return copy;
  }

  /** Stands in for an exception whose message may have held a secret. */
  static final class ScrubbedException extends Exception {
    private static final long serialVersionUID = 1L;

    ScrubbedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
