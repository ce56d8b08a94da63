package dev.orrery.app.dashboard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One error of a GitSource's status split into file, line and message ({@code path:line: message});
 * an error without a place keeps its whole text as message.
 *
 * @param path the repository file, or null
 * @param line its line, or 0
 * @param message what is wrong
 */
public record ErrorLine(String path, int line, String message) {
  private static final Pattern PLACED =
      Pattern.compile("^([^\\s:][^:]*):(\\d+): (.*)$", Pattern.DOTALL);

  /** Parses one {@code status.errors} entry. */
  public static ErrorLine parse(String error) {
    Matcher m = PLACED.matcher(error);
    if (m.matches()) {
      return new ErrorLine(m.group(1), Integer.parseInt(m.group(2)), m.group(3));
    }
    return new ErrorLine(null, 0, error);
  }
}
