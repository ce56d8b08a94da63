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
 * count limit, as few as the limits allow, with assignments that stay put under unrelated changes.
 *
 * <p><b>How.</b> Each object's identity ({@link ObjectKey#canonical()}) is hashed with SHA-256; the
 * first {@link ShardNames#MAX_DEPTH} bits place it on a line of hash points. A shard is a bucket of
 * consecutive hash points, named after the point where it starts (see {@link ShardLayout}).
 * Starting from the previous layout plus the point zero, an object goes to the bucket whose range
 * holds its hash. A bucket that does not fit is cut into the fewest parts that fit, as even in size
 * as the limits allow; the first part keeps the bucket's start (and so its ManifestWork), each
 * other part starts at the shortest bit string that lies after the last hash of the part before it
 * and at or before its own first hash. A part fits when its objects number at most the count limit
 * and their accumulated JSON (each manifest plus its {@code manifestConfigs} entry) stays strictly
 * below the byte limit. Names come from {@link ShardNames}.
 *
 * <p><b>Guarantee.</b> Given the previous result's {@link ShardingResult#layout()}, an object stays
 * in the same ManifestWork as long as its own bucket still fits: adding, removing or changing
 * objects in other buckets never moves it, and removals never move anything (an emptied bucket
 * simply disappears; its range joins the bucket before it, which holds none of its objects).
 * <b>Limits.</b> When an object is added to, or grows inside, a bucket so that the bucket no longer
 * fits, the objects of the later parts of that one bucket move to new ManifestWorks (about half of
 * them for a bucket cut in two). Without a previous layout the assignment is a pure function of the
 * current objects; a layout read back from only some of the ManifestWorks can cut differently, so
 * callers pass every shard they wrote. An object whose JSON alone reaches the byte limit is
 * returned in {@link ShardingResult#oversized()} and not placed; nothing else is dropped. Layouts
 * of the earlier hash-prefix scheme read as the same buckets, so their ManifestWorks keep their
 * names.
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
    Map<String, List<Sized>> buckets = new TreeMap<>(ShardLayout.POINT_ORDER);
    TreeSet<String> starts = startsWithZero(previous);
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
      buckets.computeIfAbsent(starts.floor(sized.bits), k -> new ArrayList<>()).add(sized);
    }
    List<Shard> shards = new ArrayList<>();
    buckets.forEach((start, content) -> split(bindingName, start, content, shards));
    shards.sort(Comparator.comparing(Shard::start, ShardLayout.POINT_ORDER));
    oversized.sort(Comparator.comparing(OversizedObject::key));
    return new ShardingResult(bindingName, cluster, shards, oversized);
  }

  /** The JSON size an item adds to a ManifestWork: manifest, manifestConfig entry, two commas. */
  public static long sizeOf(ShardItem item) {
    return JsonSize.of(item.manifest())
        + ManifestWorkBuilder.manifestConfigSize(item.key(), item.createOnly())
        + 2;
  }

  /**
   * The start of the bucket that holds {@code bits} under a previous layout: the last start at or
   * before it, the point zero included.
   */
  static String bucketOf(String bits, ShardLayout previous) {
    return startsWithZero(previous).floor(bits);
  }

  /** The previous starts plus the point zero (an existing start at zero keeps its spelling). */
  private static TreeSet<String> startsWithZero(ShardLayout previous) {
    TreeSet<String> starts = new TreeSet<>(ShardLayout.POINT_ORDER);
    starts.addAll(previous.starts());
    starts.add("");
    return starts;
  }

  private void split(String bindingName, String start, List<Sized> content, List<Shard> out) {
    content.sort(Comparator.comparing(Sized::bits).thenComparing(s -> s.item().key()));
    List<Integer> cuts = cuts(content);
    for (int part = 0; part <= cuts.size(); part++) {
      int from = part == 0 ? 0 : cuts.get(part - 1);
      int to = part == cuts.size() ? content.size() : cuts.get(part);
      String partStart =
          part == 0 ? start : separator(content.get(from - 1).bits, content.get(from).bits);
      List<Sized> slice = content.subList(from, to);
      List<ShardItem> sorted =
          slice.stream().map(Sized::item).sorted(Comparator.comparing(ShardItem::key)).toList();
      long bytes = slice.stream().mapToLong(Sized::size).sum();
      out.add(new Shard(ShardNames.name(bindingName, partStart), partStart, sorted, bytes));
    }
  }

  /**
   * Where new parts begin in {@code content} (sorted by hash): none when it fits; otherwise the
   * fewest parts that fit, cut evenly by count when that fits, else packed in order.
   */
  private List<Integer> cuts(List<Sized> content) {
    List<Integer> packed = packedCuts(content);
    if (packed.isEmpty()) {
      return packed;
    }
    int parts = packed.size() + 1;
    List<Integer> even = new ArrayList<>();
    for (int part = 1; part < parts; part++) {
      even.add((int) Math.round((double) part * content.size() / parts));
    }
    List<Integer> chosen = fits(content, even) ? even : packed;
    for (int cut : chosen) {
      if (content.get(cut - 1).bits.equals(content.get(cut).bits)) {
        throw new IllegalStateException(
            "objects share "
                + ShardNames.MAX_DEPTH
                + " hash bits and cannot be put in different shards: "
                + content.get(cut - 1).item().key().describe()
                + ", "
                + content.get(cut).item().key().describe());
      }
    }
    return chosen;
  }

  /** Cuts that fill each part as far as the limits allow, in hash order (the fewest parts). */
  private List<Integer> packedCuts(List<Sized> content) {
    List<Integer> cuts = new ArrayList<>();
    int count = 0;
    long bytes = 0;
    for (int i = 0; i < content.size(); i++) {
      long size = content.get(i).size;
      if (count > 0 && (count + 1 > countLimit || bytes + size >= byteLimit)) {
        cuts.add(i);
        count = 0;
        bytes = 0;
      }
      count++;
      bytes += size;
    }
    return cuts;
  }

  private boolean fits(List<Sized> content, List<Integer> cuts) {
    int from = 0;
    for (int part = 0; part <= cuts.size(); part++) {
      int to = part == cuts.size() ? content.size() : cuts.get(part);
      long bytes = 0;
      for (int i = from; i < to; i++) {
        bytes += content.get(i).size;
      }
      if (to <= from || to - from > countLimit || bytes >= byteLimit) {
        return false;
      }
      from = to;
    }
    return true;
  }

  /**
   * The shortest bit string that, as a point, lies after {@code lower} and at or before {@code
   * upper} ({@code lower < upper}): the bits of {@code upper} up to and including the first one
   * where the two differ.
   */
  static String separator(String lower, String upper) {
    int i = 0;
    while (lower.charAt(i) == upper.charAt(i)) {
      i++;
    }
    return upper.substring(0, i + 1);
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
