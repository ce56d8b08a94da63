package dev.orrery.placement.transport;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The buckets a (Binding, cluster) used last time, as the points where they start on the hash line.
 * A start is a bit string read as a binary fraction (missing bits are zeros), so {@code "01"} and
 * {@code "0100"} are the same point; a bucket holds the hashes from its start up to the next start.
 * Passing a layout back to {@link ManifestWorkSharder} keeps every object in its bucket unless that
 * bucket itself overflows.
 *
 * @param starts the bucket starts, ordered along the hash line, one string per point ({@code ""} is
 *     the point zero)
 */
public record ShardLayout(SortedSet<String> starts) {

  /** Orders bit strings as points on the hash line: compared bit by bit, missing bits are zeros. */
  public static final Comparator<String> POINT_ORDER = ShardLayout::comparePoints;

  /** No previous layout. */
  public static final ShardLayout EMPTY = new ShardLayout(new TreeSet<>());

  /**
   * Validates the bit strings and keeps one string per point: of strings naming the same point
   * (such as {@code "1"} and {@code "10"}), the shortest stays.
   */
  public ShardLayout {
    TreeSet<String> clean = new TreeSet<>(POINT_ORDER);
    starts.stream()
        .sorted(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
        .forEach(
            start -> {
              if (!start.matches("[01]{0," + ShardNames.MAX_DEPTH + "}")) {
                throw new IllegalArgumentException("not a shard start: \"" + start + "\"");
              }
              clean.add(start);
            });
    starts = Collections.unmodifiableSortedSet(clean);
  }

  /**
   * The layout that the named existing ManifestWorks of a Binding encode; other names are ignored.
   */
  public static ShardLayout fromManifestWorkNames(String bindingName, Collection<String> names) {
    TreeSet<String> starts = new TreeSet<>();
    for (String name : names) {
      Optional<String> start = ShardNames.startOf(bindingName, name);
      start.ifPresent(starts::add);
    }
    return new ShardLayout(starts);
  }

  /** Compares two bit strings as points on the hash line (missing bits count as zeros). */
  static int comparePoints(String a, String b) {
    int length = Math.max(a.length(), b.length());
    for (int i = 0; i < length; i++) {
      char x = i < a.length() ? a.charAt(i) : '0';
      char y = i < b.length() ? b.charAt(i) : '0';
      if (x != y) {
        return Character.compare(x, y);
      }
    }
    return 0;
  }
}
