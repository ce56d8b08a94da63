package dev.orrery.gitsource.semver;

import dev.orrery.gitsource.semver.VersionComparator.Operator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version range in the npm/Cargo style: comparator sets joined by {@code ||}, each a
 * list of comparators ({@code >=1.2.0 <2.0.0}, optionally comma separated), caret ({@code ^1.2}),
 * tilde ({@code ~1.2.3}), wildcard ({@code 1.x}, {@code *}), hyphen ({@code 1.2 - 1.4}) or exact
 * ({@code 1.2.3}, {@code =v1.2.3}) forms.
 *
 * <p>Pre-release versions only satisfy a comparator set in which a comparator names a pre-release
 * of the same {@code MAJOR.MINOR.PATCH}: {@code >=1.2.0-rc.1 <2.0.0} matches {@code 1.2.0-rc.2} but
 * not {@code 1.3.0-rc.1}.
 */
public final class SemverRange {

  private static final Pattern HYPHEN = Pattern.compile("^(\\S+)\\s+-\\s+(\\S+)$");
  private static final Pattern OPERATOR_SPACE = Pattern.compile("(>=|<=|~>|[<>=~^])\\s+");
  private static final Pattern SIMPLE = Pattern.compile("^(>=|<=|~>|[<>=~^])?(.*)$");

  private final String text;
  private final List<ComparatorSet> sets;

  private SemverRange(String text, List<ComparatorSet> sets) {
    this.text = text;
    this.sets = List.copyOf(sets);
  }

  /**
   * Parses a range.
   *
   * @throws IllegalArgumentException if the text is not a valid range
   */
  public static SemverRange parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a semver range is required");
    }
    List<ComparatorSet> sets = new ArrayList<>();
    for (String alternative : text.split("\\|\\|", -1)) {
      sets.add(parseSet(alternative.trim(), text));
    }
    return new SemverRange(text.trim(), sets);
  }

  /** Whether {@code version} lies in this range. */
  public boolean satisfiedBy(SemanticVersion version) {
    for (ComparatorSet set : sets) {
      if (set.test(version)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }

  private static ComparatorSet parseSet(String set, String whole) {
    ComparatorSet result = new ComparatorSet();
    try {
      Matcher hyphen = HYPHEN.matcher(set);
      if (hyphen.matches()) {
        addHyphen(
            result, PartialVersion.parse(hyphen.group(1)), PartialVersion.parse(hyphen.group(2)));
        return result;
      }
      String compact = OPERATOR_SPACE.matcher(set).replaceAll("$1");
      for (String token : compact.split("[\\s,]+")) {
        if (!token.isEmpty()) {
          addSimple(result, token);
        }
      }
      return result;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid semver range '" + whole + "': " + e.getMessage(), e);
    }
  }

  private static void addSimple(ComparatorSet set, String token) {
    Matcher m = SIMPLE.matcher(token);
    m.matches();
    String operator = m.group(1) == null ? "" : m.group(1);
    PartialVersion v = PartialVersion.parse(m.group(2));
    if (!v.preRelease().isEmpty()) {
      set.preReleaseCores.add(v.floor().withPreRelease(List.of()));
    }
    switch (operator) {
      case "", "=" -> addExact(set, v);
      case ">" -> addGreater(set, v);
      case ">=" -> set.add(Operator.GE, v.floor());
      case "<" -> set.add(Operator.LT, v.isFull() ? v.floor() : PartialVersion.lowestOf(v.floor()));
      case "<=" -> addAtMost(set, v);
      case "~", "~>" -> addTilde(set, v);
      case "^" -> addCaret(set, v);
      default -> throw new IllegalArgumentException("unknown operator '" + operator + "'");
    }
  }

  private static void addExact(ComparatorSet set, PartialVersion v) {
    if (v.isAny()) {
      set.add(Operator.GE, SemanticVersion.of(0, 0, 0));
    } else if (v.isFull()) {
      set.add(Operator.EQ, v.floor());
    } else {
      set.add(Operator.GE, v.floor());
      set.add(Operator.LT, v.ceilingExclusive());
    }
  }

  private static void addGreater(ComparatorSet set, PartialVersion v) {
    if (v.isAny()) {
      set.add(Operator.LT, PartialVersion.lowestOf(SemanticVersion.of(0, 0, 0)));
    } else if (v.isFull()) {
      set.add(Operator.GT, v.floor());
    } else {
      set.add(Operator.GE, v.ceilingExclusive().withPreRelease(List.of()));
    }
  }

  private static void addAtMost(ComparatorSet set, PartialVersion v) {
    if (v.isAny()) {
      set.add(Operator.GE, SemanticVersion.of(0, 0, 0));
    } else if (v.isFull()) {
      set.add(Operator.LE, v.floor());
    } else {
      set.add(Operator.LT, v.ceilingExclusive());
    }
  }

  private static void addTilde(ComparatorSet set, PartialVersion v) {
    if (v.isAny()) {
      set.add(Operator.GE, SemanticVersion.of(0, 0, 0));
      return;
    }
    set.add(Operator.GE, v.floor());
    SemanticVersion upper =
        v.minor() == null
            ? SemanticVersion.of(v.major() + 1, 0, 0)
            : SemanticVersion.of(v.major(), v.minor() + 1, 0);
    set.add(Operator.LT, PartialVersion.lowestOf(upper));
  }

  private static void addCaret(ComparatorSet set, PartialVersion v) {
    if (v.isAny()) {
      set.add(Operator.GE, SemanticVersion.of(0, 0, 0));
      return;
    }
    set.add(Operator.GE, v.floor());
    long major = v.major();
    SemanticVersion upper;
    if (major > 0 || v.minor() == null) {
      upper = SemanticVersion.of(major + 1, 0, 0);
    } else if (v.minor() > 0 || v.patch() == null) {
      upper = SemanticVersion.of(0, v.minor() + 1, 0);
    } else {
      upper = SemanticVersion.of(0, 0, v.patch() + 1);
    }
    set.add(Operator.LT, PartialVersion.lowestOf(upper));
  }

  private static void addHyphen(ComparatorSet set, PartialVersion from, PartialVersion to) {
    if (!from.preRelease().isEmpty()) {
      set.preReleaseCores.add(from.floor().withPreRelease(List.of()));
    }
    if (!to.preRelease().isEmpty()) {
      set.preReleaseCores.add(to.floor().withPreRelease(List.of()));
    }
    set.add(Operator.GE, from.isAny() ? SemanticVersion.of(0, 0, 0) : from.floor());
    if (to.isFull()) {
      set.add(Operator.LE, to.floor());
    } else if (!to.isAny()) {
      set.add(Operator.LT, to.ceilingExclusive());
    }
  }

  /** Comparators that must all hold, plus the release cores whose pre-releases may match. */
  private static final class ComparatorSet {
    private final List<VersionComparator> comparators = new ArrayList<>();
    private final Set<SemanticVersion> preReleaseCores = new HashSet<>();

    void add(Operator operator, SemanticVersion bound) {
      comparators.add(new VersionComparator(operator, bound));
    }

    boolean test(SemanticVersion version) {
      for (VersionComparator comparator : comparators) {
        if (!comparator.test(version)) {
          return false;
        }
      }
      if (!version.isPreRelease()) {
        return true;
      }
      return preReleaseCores.contains(
          SemanticVersion.of(version.major(), version.minor(), version.patch()));
    }
  }
}
