package dev.orrery.placement.transport;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The hash-prefix buckets a (Binding, cluster) used last time: a prefix-free set of bit strings.
 * Passing it back to {@link ManifestWorkSharder} keeps every object in its bucket unless that
 * bucket itself overflows.
 *
 * @param prefixes the bucket prefixes ({@code ""} is the single all-covering bucket)
 */
public record ShardLayout(SortedSet<String> prefixes) {

  /** No previous layout. */
  public static final ShardLayout EMPTY = new ShardLayout(new TreeSet<>());

  /**
   * Validates the bit strings and makes the set prefix-free (a prefix that has a shorter prefix in
   * the set is dropped).
   */
  public ShardLayout {
    TreeSet<String> clean = new TreeSet<>();
    for (String prefix : prefixes) {
      if (!prefix.matches("[01]{0," + ShardNames.MAX_DEPTH + "}")) {
        throw new IllegalArgumentException("not a shard prefix: \"" + prefix + "\"");
      }
      clean.add(prefix);
    }
    clean.removeIf(p -> clean.stream().anyMatch(q -> q.length() < p.length() && p.startsWith(q)));
    prefixes = Collections.unmodifiableSortedSet(clean);
  }

  /**
   * The layout that the named existing ManifestWorks of a Binding encode; other names are ignored.
   */
  public static ShardLayout fromManifestWorkNames(String bindingName, Collection<String> names) {
    TreeSet<String> prefixes = new TreeSet<>();
    for (String name : names) {
      Optional<String> prefix = ShardNames.prefixOf(bindingName, name);
      prefix.ifPresent(prefixes::add);
    }
    return new ShardLayout(prefixes);
  }
}
