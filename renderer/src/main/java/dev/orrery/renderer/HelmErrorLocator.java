package dev.orrery.renderer;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the template and line a Helm error message names, for example {@code template:
 * web/templates/x.yaml:3:7: executing ...}, {@code parse error at (web/templates/x.yaml:3): ...},
 * {@code execution error at (web/templates/x.yaml:3:7): ...} or {@code YAML parse error on
 * web/templates/x.yaml: ... line 3: ...}. When several are named (an error inside an {@code
 * include}), the innermost, which Helm prints last, wins.
 */
final class HelmErrorLocator {

  /** A template name as Helm prints it and a 1-based line. */
  record Location(String template, int line) {}

  private static final List<Pattern> PATTERNS =
      List.of(
          Pattern.compile("template: ([^\\s:()]+):(\\d+)(?::\\d+)?: "),
          Pattern.compile("at \\(([^\\s:()]+):(\\d+)(?::\\d+)?\\)"),
          Pattern.compile("YAML parse error on ([^\\s:()]+):.*?line (\\d+)"));

  private static final String DEBUG_HINT = "Use --debug flag to render out invalid YAML";

  private HelmErrorLocator() {}

  static Optional<Location> locate(String message) {
    Location best = null;
    int bestStart = -1;
    for (Pattern pattern : PATTERNS) {
      Matcher matcher = pattern.matcher(message);
      while (matcher.find()) {
        if (matcher.start() > bestStart) {
          bestStart = matcher.start();
          best = new Location(matcher.group(1), Integer.parseInt(matcher.group(2)));
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Helm's message on one line, without the hint about a flag Orrery does not expose. */
  static String clean(String message) {
    String text = message == null ? "" : message.replace(DEBUG_HINT, "");
    return text.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
