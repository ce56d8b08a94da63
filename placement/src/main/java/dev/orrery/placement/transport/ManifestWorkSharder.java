package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Splits the objects of one (Binding, cluster) into ManifestWork shards under a byte limit and a
 * count limit, with assignments that stay put under unrelated changes.
 *
 * <p><b>How.</b> Each object's identity ({@link ObjectKey#canonical()}) is hashed with SHA-256; a
 * shard is a bucket of all objects whose hash bits start with the shard's prefix. Starting from the
 * previous layout (or from the single all-covering prefix {@code ""}), an object goes to the
 * previous bucket whose prefix its hash starts with; an object outside every previous bucket goes
 * to the largest bucket that overlaps no previous one. A bucket whose content does not fit is split
 * in two by the next hash bit, recursively. A bucket fits when its objects number at most the count
 * limit and their accumulated JSON (each manifest plus its {@code manifestConfigs} entry) stays
 * strictly below the byte limit. Names come from {@link ShardNames}.
 *
 * <p><b>Guarantee.</b> Given the previous result's {@link ShardingResult#layout()}, an object stays
 * in the same ManifestWork as long as its own bucket still fits: adding, removing or changing
 * objects in other buckets never moves it, and removals never move anything (buckets are never
 * merged; an emptied bucket simply disappears). <b>Limits.</b> When an object is added to, or grows
 * inside, a bucket so that the bucket no longer fits, the objects of that one bucket are
 * redistributed between its two halves (roughly half of them move). Without a previous layout the
 * assignment is a pure function of the current objects. An object whose JSON alone reaches the byte
 * limit is returned in {@link ShardingResult#oversized()} and not placed; nothing else is dropped.
 */
public final class ManifestWorkSharder {

  /** Default byte limit, below OCM's ManifestWork webhook limit. */
  public static final long DEFAULT_BYTE_LIMIT = 512_000;

  /** Default maximum number of objects per ManifestWork. */
  public static final int DEFAULT_COUNT_LIMIT = 50;

  private final long byteLimit;
  private final int countLimit;

  /** A sharder with the given limits. */
  public ManifestWorkSharder(long byteLimit, int countLimit) {
    if (byteLimit <= 0 || countLimit <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.byteLimit = byteLimit;
    this.countLimit = countLimit;
  }

  /** A sharder with the default limits. */
  public static ManifestWorkSharder withDefaults() {
    return new ManifestWorkSharder(DEFAULT_BYTE_LIMIT, DEFAULT_COUNT_LIMIT);
  }

  /** Shards without a previous layout. */
  public ShardingResult shard(String bindingName, String cluster, Collection<ShardItem> items) {
    return shard(bindingName, cluster, items, ShardLayout.EMPTY);
  }

  /**
   * Shards the items, keeping the previous layout where it still fits.
   *
   * @throws IllegalArgumentException when two items have the same key
   */
  public ShardingResult shard(
      String bindingName, String cluster, Collection<ShardItem> items, ShardLayout previous) {
    List<OversizedObject> oversized = new ArrayList<>();
    Map<String, List<Sized>> buckets = new TreeMap<>();
    TreeSet<String> layout = new TreeSet<>(previous.prefixes());
    TreeSet<ObjectKey> seen = new TreeSet<>();
    for (ShardItem item : items) {
      if (!seen.add(item.key())) {
        throw new IllegalArgumentException("duplicate object " + item.key().describe());
      }
      long size = sizeOf(item);
      if (size >= byteLimit) {
        oversized.add(new OversizedObject(item.key(), cluster, size, byteLimit));
        continue;
      }
      Sized sized = new Sized(item, size, hashBits(item.key()));
      buckets.computeIfAbsent(baseBucket(sized.bits, layout), k -> new ArrayList<>()).add(sized);
    }
    List<Shard> shards = new ArrayList<>();
    buckets.forEach((prefix, content) -> split(bindingName, prefix, content, shards));
    shards.sort(Comparator.comparing(Shard::prefix));
    oversized.sort(Comparator.comparing(OversizedObject::key));
    return new ShardingResult(bindingName, cluster, shards, oversized);
  }

  /** The JSON size an item adds to a ManifestWork: manifest, manifestConfig entry, two commas. */
  public static long sizeOf(ShardItem item) {
    return JsonSize.of(item.manifest())
        + JsonSize.of(ManifestWorkBuilder.manifestConfig(item.key(), item.createOnly(), false))
        + 2;
  }

  private void split(String bindingName, String prefix, List<Sized> content, List<Shard> out) {
    long bytes = content.stream().mapToLong(Sized::size).sum();
    if (content.size() <= countLimit && bytes < byteLimit) {
      List<ShardItem> sorted =
          content.stream().map(Sized::item).sorted(Comparator.comparing(ShardItem::key)).toList();
      out.add(new Shard(ShardNames.name(bindingName, prefix), prefix, sorted, bytes));
      return;
    }
    if (prefix.length() >= ShardNames.MAX_DEPTH) {
      throw new IllegalStateException(
          "objects share " + ShardNames.MAX_DEPTH + " hash bits and cannot be split: " + content);
    }
    List<Sized> zero = new ArrayList<>();
    List<Sized> one = new ArrayList<>();
    for (Sized sized : content) {
      (sized.bits.charAt(prefix.length()) == '0' ? zero : one).add(sized);
    }
    if (!zero.isEmpty()) {
      split(bindingName, prefix + "0", zero, out);
    }
    if (!one.isEmpty()) {
      split(bindingName, prefix + "1", one, out);
    }
  }

  /**
   * The previous bucket covering {@code bits}, or else the shortest prefix of {@code bits} that no
   * previous bucket lies under (the largest free bucket containing it).
   */
  static String baseBucket(String bits, TreeSet<String> layout) {
    for (int length = 0; length <= ShardNames.MAX_DEPTH; length++) {
      String candidate = bits.substring(0, length);
      if (layout.contains(candidate)) {
        return candidate;
      }
      String next = layout.ceiling(candidate);
      if (next == null || !next.startsWith(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("layout deeper than " + ShardNames.MAX_DEPTH + " bits");
  }

  /** The first {@link ShardNames#MAX_DEPTH} bits of the SHA-256 of the key, as '0'/'1'. */
  static String hashBits(ObjectKey key) {
    byte[] digest = ShardNames.sha256(key.canonical());
    StringBuilder bits = new StringBuilder(ShardNames.MAX_DEPTH);
    for (int i = 0; i < ShardNames.MAX_DEPTH; i++) {
      bits.append((digest[i / 8] >> (7 - i % 8) & 1) == 0 ? '0' : '1');
    }
    return bits.toString();
  }

  private record Sized(ShardItem item, long size, String bits) {}
}
