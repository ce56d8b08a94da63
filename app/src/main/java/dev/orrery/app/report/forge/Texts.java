package dev.orrery.app.report.forge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Small text helpers for forge requests: truncation without splitting characters, path encoding.
 */
final class Texts {
  private Texts() {}

  /** The text cut to at most {@code max} code points, ending with an ellipsis when it was cut. */
  static String truncate(String text, int max) {
    if (text == null || text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, max - 1);
    return text.substring(0, end) + "…";
  }

  /** One path segment, percent-encoded (a {@code /} in it becomes {@code %2F}). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
