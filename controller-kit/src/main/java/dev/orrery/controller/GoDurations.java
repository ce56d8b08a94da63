package dev.orrery.controller;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations spelled as Kubernetes APIs and Go spell them ({@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h30m}), parsed and written back.
 */
public final class GoDurations {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private GoDurations() {}

  /**
   * Parses a sequence of decimal numbers, each with a unit ({@code ms}, {@code s}, {@code m},
   * {@code h}); {@code 0} alone is zero.
   *
   * @throws IllegalArgumentException when {@code text} is not such a duration
   */
  public static Duration parse(String text) {
    if ("0".equals(text)) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double amount = Double.parseDouble(m.group(1));
      long millis =
          switch (m.group(2)) {
            case "ms" -> (long) amount;
            case "s" -> (long) (amount * 1_000);
            case "m" -> (long) (amount * 60_000);
            default -> (long) (amount * 3_600_000);
          };
      total = total.plusMillis(millis);
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a duration like 30s, 1m or 1h30m");
    }
    return total;
  }

  /** The shortest Go spelling of a duration, e.g. {@code 1h30m}, {@code 45s}, {@code 250ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = d.toHours();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0) {
      out.append(millis).append("ms");
    }
    return out.toString();
  }
}
