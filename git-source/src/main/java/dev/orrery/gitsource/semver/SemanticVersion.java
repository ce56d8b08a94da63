package dev.orrery.gitsource.semver;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version ({@code MAJOR.MINOR.PATCH[-PRE][+BUILD]}), ordered by
 * precedence.
 *
 * <p>Build metadata does not take part in precedence, as the specification requires; two versions
 * that differ only in build metadata compare as equal.
 */
public record SemanticVersion(
    long major, long minor, long patch, List<String> preRelease, String build)
    implements Comparable<SemanticVersion> {

  private static final String NUMBER = "0|[1-9]\\d{0,17}";
  private static final String PRE_IDENTIFIER = "0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*";
  private static final Pattern VERSION =
      Pattern.compile(
          "("
              + NUMBER
              + ")\\.("
              + NUMBER
              + ")\\.("
              + NUMBER
              + ")"
              + "(?:-((?:"
              + PRE_IDENTIFIER
              + ")(?:\\.(?:"
              + PRE_IDENTIFIER
              + "))*))?"
              + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

  /** Validates the parts and copies the pre-release identifiers. */
  public SemanticVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative");
    }
    preRelease = List.copyOf(preRelease);
    build = build == null ? "" : build;
  }

  /** A release version without pre-release identifiers or build metadata. */
  public static SemanticVersion of(long major, long minor, long patch) {
    return new SemanticVersion(major, minor, patch, List.of(), "");
  }

  /** Parses a strict semantic version such as {@code 1.2.3-rc.1+build.5}. */
  public static Optional<SemanticVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
    return Optional.of(
        new SemanticVersion(
            Long.parseLong(m.group(1)),
            Long.parseLong(m.group(2)),
            Long.parseLong(m.group(3)),
            pre,
            m.group(5)));
  }

  /** Parses a Git tag name as a version, accepting one leading {@code v} or {@code V}. */
  public static Optional<SemanticVersion> parseTag(String tagName) {
    if (tagName == null || tagName.isEmpty()) {
      return Optional.empty();
    }
    char first = tagName.charAt(0);
    return parse(first == 'v' || first == 'V' ? tagName.substring(1) : tagName);
  }

  /** Whether this version carries pre-release identifiers. */
  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /** Whether this version has the same major, minor and patch numbers as {@code other}. */
  public boolean sameCore(SemanticVersion other) {
    return major == other.major && minor == other.minor && patch == other.patch;
  }

  /** This version with the given pre-release identifiers and no build metadata. */
  public SemanticVersion withPreRelease(List<String> identifiers) {
    return new SemanticVersion(major, minor, patch, identifiers, "");
  }

  @Override
  public int compareTo(SemanticVersion other) {
    int c = Long.compare(major, other.major);
    if (c == 0) {
      c = Long.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, other.patch);
    }
    return c != 0 ? c : comparePreRelease(preRelease, other.preRelease);
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      // A release has higher precedence than any of its pre-releases.
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean numericA = isNumeric(a);
    boolean numericB = isNumeric(b);
    if (numericA && numericB) {
      // No leading zeros, so the longer number is the larger one.
      int c = Integer.compare(a.length(), b.length());
      return c != 0 ? c : a.compareTo(b);
    }
    if (numericA != numericB) {
      return numericA ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumeric(String identifier) {
    for (int i = 0; i < identifier.length(); i++) {
      if (!Character.isDigit(identifier.charAt(i))) {
        return false;
      }
    }
    return !identifier.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
    if (!preRelease.isEmpty()) {
      sb.append('-').append(String.join(".", preRelease));
    }
    if (!build.isEmpty()) {
      sb.append('+').append(build);
    }
    return sb.toString();
  }
}
