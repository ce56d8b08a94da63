package dev.orrery.gitsource.semver;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as written inside a range, where trailing parts may be missing or wildcards ({@code 1},
 * {@code 1.2}, {@code 1.x}, {@code *}); {@code null} stands for a missing or wildcard part.
 */
record PartialVersion(Long major, Long minor, Long patch, List<String> preRelease) {

  private static final String PART = "0|[1-9]\\d{0,17}|[xX*]";
  private static final Pattern PARTIAL =
      Pattern.compile(
          "[vV]?("
              + PART
              + ")(?:\\.("
              + PART
              + ")(?:\\.("
              + PART
              + ")"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
              + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?)?");

  static PartialVersion parse(String text) {
    Matcher m = PARTIAL.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a version: '" + text + "'");
    }
    Long major = number(m.group(1));
    Long minor = major == null ? null : number(m.group(2));
    Long patch = minor == null ? null : number(m.group(3));
    List<String> pre = List.of();
    if (m.group(4) != null) {
      if (patch == null) {
        throw new IllegalArgumentException("a pre-release needs a full version: '" + text + "'");
      }
      // Validate the identifiers with the strict parser (no leading zeros in numbers).
      pre =
          SemanticVersion.parse(major + "." + minor + "." + patch + "-" + m.group(4))
              .orElseThrow(() -> new IllegalArgumentException("not a version: '" + text + "'"))
              .preRelease();
    }
    return new PartialVersion(major, minor, patch, pre);
  }

  private static Long number(String part) {
    if (part == null || part.equals("x") || part.equals("X") || part.equals("*")) {
      return null;
    }
    return Long.parseLong(part);
  }

  boolean isAny() {
    return major == null;
  }

  boolean isFull() {
    return patch != null;
  }

  /** The lowest version this partial names: missing parts become zero. */
  SemanticVersion floor() {
    return new SemanticVersion(
        zeroIfNull(major), zeroIfNull(minor), zeroIfNull(patch), preRelease, "");
  }

  /**
   * The lowest version above everything this partial names ({@code 1.2} gives {@code 1.3.0-0}),
   * used as an exclusive upper bound. Only defined for partials missing at least the patch.
   */
  SemanticVersion ceilingExclusive() {
    SemanticVersion next =
        minor == null
            ? SemanticVersion.of(major + 1, 0, 0)
            : SemanticVersion.of(major, minor + 1, 0);
    return lowestOf(next);
  }

  static SemanticVersion lowestOf(SemanticVersion core) {
    return core.withPreRelease(List.of("0"));
  }

  private static long zeroIfNull(Long value) {
    return value == null ? 0 : value;
  }
}
