package dev.orrery.app.report.forge;

import java.util.Objects;

/**
 * A forge API token, read from a Secret. It prints as a mask, and {@link #redact} removes it from
 * any text, so that it never reaches a log line or an error message.
 */
public final class ForgeToken {
  static final String MASK = "****";

  private final String value;

  private ForgeToken(String value) {
    this.value = value;
  }

  /**
   * A token from a Secret's value; surrounding whitespace (a trailing newline) is dropped. A token
   * is visible ASCII only: anything else could not travel in an HTTP header, and the HTTP client's
   * complaint about it would quote the header, token included.
   */
  public static ForgeToken of(String value) {
    Objects.requireNonNull(value, "token");
    String stripped = value.strip();
    if (stripped.isEmpty()) {
      throw new IllegalArgumentException("the forge token is empty");
    }
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "the forge token has a character that is not visible ASCII at position " + i);
      }
    }
    return new ForgeToken(stripped);
  }

  String value() {
    return value;
  }

  /** The text with every occurrence of this token replaced by a mask; null stays null. */
  public String redact(String text) {
    return text == null ? null : text.replace(value, MASK);
  }

  @Override
  public String toString() {
    return "ForgeToken[" + MASK + "]";
  }
}
