package dev.orrery.placement.rollout;

import java.util.List;

/**
 * A number of clusters, absolute ({@code 2}) or a percentage of a total ({@code "25%"}), as OCM's
 * RolloutStrategy spells {@code maxConcurrency} and {@code maxFailures}.
 *
 * @param value the count, or the percentage when {@code percent}
 * @param percent whether {@code value} is a percentage
 */
public record ClusterCount(int value, boolean percent) {
  /** No clusters. */
  public static final ClusterCount ZERO = new ClusterCount(0, false);

  /** Validates the value. */
  public ClusterCount {
    if (value < 0 || (percent && value > 100)) {
      throw new IllegalArgumentException("count out of range: " + value + (percent ? "%" : ""));
    }
  }

  /**
   * Parses an int or a string {@code "N"} / {@code "N%"}; null gives {@code fallback}. Problems are
   * added to {@code errors} with {@code path}.
   */
  static ClusterCount parse(Object raw, String path, ClusterCount fallback, List<String> errors) {
    if (raw == null) {
      return fallback;
    }
    String text = raw instanceof Number n ? Long.toString(n.longValue()) : raw.toString().trim();
    boolean percent = text.endsWith("%");
    String digits = percent ? text.substring(0, text.length() - 1).trim() : text;
    try {
      int value = Integer.parseInt(digits);
      if (value < 0 || (percent && value > 100)) {
        errors.add(path + ": must be between 0 and " + (percent ? "100%" : "2147483647"));
        return fallback;
      }
      return new ClusterCount(value, percent);
    } catch (NumberFormatException e) {
      errors.add(path + ": must be a count or a percentage such as 25%, got '" + text + "'");
      return fallback;
    }
  }

  /**
   * How many of {@code total} clusters this is: a percentage is rounded up (so 10% of 5 clusters is
   * 1 at a time, never 0) when {@code roundUp}, down otherwise (tolerated failures).
   */
  public int of(int total, boolean roundUp) {
    if (!percent) {
      return value;
    }
    double exact = total * value / 100.0;
    return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
  }

  @Override
  public String toString() {
    return value + (percent ? "%" : "");
  }
}
