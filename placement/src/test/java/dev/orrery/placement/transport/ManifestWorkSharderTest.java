package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.placement.match.ObjectKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ManifestWorkSharderTest {

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final String BINDING = "my-policy";
  private static final long BYTES = 20_000;
  private static final int COUNT = 10;

  private final ManifestWorkSharder sharder = new ManifestWorkSharder(BYTES, COUNT);

  @Test
  void smallBindingFitsInOneManifestWorkNamedAfterIt() {
    ShardingResult result =
        ManifestWorkSharder.withDefaults()
            .shard(BINDING, "c1", List.of(item("a", 100), item("b", 100), item("c", 10)));
    assertThat(result.shards())
        .singleElement()
        .satisfies(
            shard -> {
              assertThat(shard.name()).isEqualTo("my-policy-mw");
              assertThat(shard.start()).isEmpty();
              assertThat(shard.items())
                  .extracting(i -> i.key().name())
                  .containsExactly("a", "b", "c");
              assertThat(shard.byteSize())
                  .isEqualTo(shard.items().stream().mapToLong(ManifestWorkSharder::sizeOf).sum());
            });
    assertThat(result.oversized()).isEmpty();
    assertThat(result.layout().starts()).containsExactly("");
  }

  @Test
  void splitsUnderBothLimitsAndPlacesEveryObjectOnce() {
    List<ShardItem> items = randomItems(new Random(7), 300);
    ShardingResult result = sharder.shard(BINDING, "c1", items);
    assertValid(result, items);
  }

  @Test
  void packsAsFewShardsAsTheLimitsAllowAndEvensThemOut() {
    List<ShardItem> equal = new ArrayList<>();
    for (int i = 0; i < 205; i++) {
      equal.add(item("same-" + i, 10));
    }
    ShardingResult byCount = sharder.shard(BINDING, "c1", equal);
    assertValid(byCount, equal);
    assertThat(byCount.shards()).hasSize(21);
    assertThat(byCount.shards()).allSatisfy(s -> assertThat(s.items()).hasSizeBetween(9, 10));

    List<ShardItem> big = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      big.add(item("big-" + i, 4_000));
    }
    assertThat(new ManifestWorkSharder(10_000, 1000).shard(BINDING, "c1", big).shards())
        .hasSize(20);
  }

  @Test
  void aSplitKeepsTheFirstPartInItsManifestWork() {
    List<ShardItem> items = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      items.add(item("obj-" + i, 10));
    }
    ShardingResult full = sharder.shard(BINDING, "c1", items);
    assertThat(full.shards()).extracting(Shard::name).containsExactly("my-policy-mw");
    items.add(item("one-more", 10));
    ShardingResult split = sharder.shard(BINDING, "c1", items, full.layout());
    assertValid(split, items);
    assertThat(split.shards()).hasSize(2);
    Shard first = split.shards().get(0);
    assertThat(first.name()).isEqualTo("my-policy-mw");
    assertThat(first.items()).hasSizeBetween(5, 6);
    String lastOfFirst =
        first.items().stream()
            .map(i -> ManifestWorkSharder.hashBits(i.key()))
            .max(String::compareTo)
            .orElseThrow();
    assertThat(split.shards().get(1).items())
        .allSatisfy(
            i -> assertThat(ManifestWorkSharder.hashBits(i.key())).isGreaterThan(lastOfFirst));
  }

  @Test
  void byteLimitIsStrictlyRespected() {
    List<ShardItem> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      items.add(item("big-" + i, 4_000));
    }
    ShardingResult result = new ManifestWorkSharder(10_000, 1000).shard(BINDING, "c1", items);
    assertThat(result.shards()).allSatisfy(s -> assertThat(s.byteSize()).isLessThan(10_000));
    assertThat(result.shards()).allSatisfy(s -> assertThat(s.items()).hasSizeBetween(1, 2));
    assertThat(result.shards().stream().mapToInt(s -> s.items().size()).sum()).isEqualTo(40);
  }

  @Test
  void oversizedObjectIsReportedNotPlacedAndNothingElseIsDropped() {
    List<ShardItem> items = List.of(item("small", 100), item("huge", 25_000), item("other", 100));
    ShardingResult result = sharder.shard(BINDING, "c1", items);
    long hugeSize = ManifestWorkSharder.sizeOf(items.get(1));
    assertThat(result.oversized())
        .containsExactly(new OversizedObject(items.get(1).key(), "c1", hugeSize, BYTES));
    assertThat(result.oversized().get(0).message())
        .isEqualTo(
            "configmaps ns/huge is "
                + hugeSize
                + " bytes of JSON, at or over the ManifestWork limit of 20000 bytes; it is not delivered to c1");
    assertThat(result.shards())
        .flatExtracting(Shard::items)
        .extracting(i -> i.key().name())
        .containsExactlyInAnyOrder("small", "other");
  }

  @Test
  void resultDoesNotDependOnInputOrder() {
    List<ShardItem> items = randomItems(new Random(3), 120);
    List<ShardItem> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, new Random(5));
    assertThat(sharder.shard(BINDING, "c1", shuffled))
        .isEqualTo(sharder.shard(BINDING, "c1", items));
  }

  @Test
  void objectsOnlyMoveWhenTheirOwnBucketOverflows() {
    Random random = new Random(42);
    Map<ObjectKey, ShardItem> items = new TreeMap<>();
    randomItems(random, 200).forEach(i -> items.put(i.key(), i));
    ShardingResult previous = sharder.shard(BINDING, "c1", items.values());
    int moves = 0;
    int next = 1000;
    for (int step = 0; step < 300; step++) {
      Map<ObjectKey, String> before = assignment(previous);
      List<ObjectKey> keys = new ArrayList<>(items.keySet());
      ObjectKey touched;
      String bucketAllowedToMove;
      switch (random.nextInt(3)) {
        case 0 -> {
          ShardItem added = item("added-" + next++, 200 + random.nextInt(3_000));
          items.put(added.key(), added);
          touched = added.key();
          bucketAllowedToMove =
              ShardNames.name(
                  BINDING,
                  ManifestWorkSharder.bucketOf(
                      ManifestWorkSharder.hashBits(touched), previous.layout()));
        }
        case 1 -> {
          touched = keys.get(random.nextInt(keys.size()));
          items.remove(touched);
          bucketAllowedToMove = null;
        }
        default -> {
          touched = keys.get(random.nextInt(keys.size()));
          items.put(touched, item(touched.name(), 200 + random.nextInt(6_000)));
          bucketAllowedToMove = before.get(touched);
        }
      }
      ShardingResult current = sharder.shard(BINDING, "c1", items.values(), previous.layout());
      assertValid(current, items.values());
      Map<ObjectKey, String> after = assignment(current);
      for (Map.Entry<ObjectKey, String> entry : before.entrySet()) {
        ObjectKey key = entry.getKey();
        if (key.equals(touched)
            || !after.containsKey(key)
            || entry.getValue().equals(after.get(key))) {
          continue;
        }
        moves++;
        assertThat(entry.getValue())
            .as("step %d moved unrelated %s", step, key)
            .isEqualTo(bucketAllowedToMove);
        String oldStart = ShardNames.startOf(BINDING, entry.getValue()).orElseThrow();
        String newStart = ShardNames.startOf(BINDING, after.get(key)).orElseThrow();
        TreeSet<String> oldStarts = new TreeSet<>(ShardLayout.POINT_ORDER);
        oldStarts.addAll(previous.layout().starts());
        String oldEnd = oldStarts.higher(oldStart);
        assertThat(ShardLayout.comparePoints(newStart, oldStart))
            .as("a split only moves objects to the later parts of their bucket")
            .isPositive();
        assertThat(oldEnd == null || ShardLayout.comparePoints(newStart, oldEnd) < 0)
            .as("%s stays inside the range of its old bucket %s", newStart, oldStart)
            .isTrue();
      }
      previous = current;
    }
    assertThat(moves).as("the scenario exercises overflow splits").isPositive();
  }

  @Test
  void removalsNeverMoveAnything() {
    List<ShardItem> items = randomItems(new Random(11), 200);
    ShardingResult previous = sharder.shard(BINDING, "c1", items);
    List<ShardItem> remaining = new ArrayList<>(items);
    Random random = new Random(12);
    while (remaining.size() > 1) {
      remaining.remove(random.nextInt(remaining.size()));
      ShardingResult current = sharder.shard(BINDING, "c1", remaining, previous.layout());
      Map<ObjectKey, String> expected = new HashMap<>(assignment(previous));
      expected.keySet().retainAll(assignment(current).keySet());
      assertThat(assignment(current)).isEqualTo(expected);
      previous = current;
    }
  }

  @Test
  void layoutSurvivesARoundTripThroughManifestWorkNames() {
    ShardingResult result = sharder.shard(BINDING, "c1", randomItems(new Random(1), 150));
    List<String> names = new ArrayList<>(result.shards().stream().map(Shard::name).toList());
    names.add("unrelated-work");
    names.add("my-policy-2-mw");
    names.add("my-policy-mw-012");
    assertThat(ShardLayout.fromManifestWorkNames(BINDING, names)).isEqualTo(result.layout());
  }

  @Test
  void layoutKeepsOneSpellingPerPoint() {
    assertThat(new ShardLayout(new TreeSet<>(List.of("00", "0", "10", "1", "11", "011"))).starts())
        .containsExactly("0", "011", "1", "11");
    assertThatThrownBy(() -> new ShardLayout(new TreeSet<>(List.of("2"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anObjectGoesToTheBucketWhoseRangeHoldsItsHash() {
    ShardLayout layout = new ShardLayout(new TreeSet<>(List.of("01", "1")));
    assertThat(ManifestWorkSharder.bucketOf("0010", layout)).isEmpty();
    assertThat(ManifestWorkSharder.bucketOf("0100", layout)).isEqualTo("01");
    assertThat(ManifestWorkSharder.bucketOf("0111", layout)).isEqualTo("01");
    assertThat(ManifestWorkSharder.bucketOf("1000", layout)).isEqualTo("1");
    assertThat(ManifestWorkSharder.bucketOf("1111", layout)).isEqualTo("1");
    assertThat(ManifestWorkSharder.bucketOf("1000", ShardLayout.EMPTY)).isEmpty();
    ShardLayout zeroSpelledOut = new ShardLayout(new TreeSet<>(List.of("00", "1")));
    assertThat(ManifestWorkSharder.bucketOf("0010", zeroSpelledOut)).isEqualTo("00");
  }

  @Test
  void aNewPartStartsAtTheShortestSeparatingBitString() {
    assertThat(ManifestWorkSharder.separator("0010", "0110")).isEqualTo("01");
    assertThat(ManifestWorkSharder.separator("0111", "1000")).isEqualTo("1");
    assertThat(ManifestWorkSharder.separator("1010", "1011")).isEqualTo("1011");
  }

  @Test
  void manifestWorksOfTheHashPrefixSchemeKeepTheirNamesAndContentUnlessTheyOverflow() {
    ShardLayout prefixes = new ShardLayout(new TreeSet<>(List.of("00", "01", "10", "11")));
    List<ShardItem> items = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      items.add(item("old-" + i, 10));
    }
    ShardingResult result = sharder.shard(BINDING, "c1", items, prefixes);
    assertValid(result, items);
    // With these 24 objects bucket 10 holds 11 (over the limit of 10); the other three fit.
    assertThat(result.shards())
        .extracting(Shard::start)
        .containsExactly("00", "01", "10", "101", "11");
    for (Shard shard : result.shards()) {
      String oldBucket = shard.start().substring(0, 2);
      assertThat(shard.items())
          .allSatisfy(i -> assertThat(ManifestWorkSharder.hashBits(i.key())).startsWith(oldBucket));
    }
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThatThrownBy(() -> sharder.shard(BINDING, "c1", List.of(item("a", 1), item("a", 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate object configmaps ns/a");
  }

  @Test
  void hashBitsAreStableAcrossReleases() {
    assertThat(ManifestWorkSharder.hashBits(new ObjectKey("apps", "deployments", "ns1", "web")))
        .isEqualTo(bitsOf(ShardNames.sha256Hex("apps|deployments|ns1|web")));
  }

  private static String bitsOf(String hex) {
    StringBuilder bits = new StringBuilder();
    for (char c : hex.substring(0, 16).toCharArray()) {
      String b = Integer.toBinaryString(Character.digit(c, 16));
      bits.append("0".repeat(4 - b.length())).append(b);
    }
    return bits.toString();
  }

  private void assertValid(ShardingResult result, Collection<ShardItem> items) {
    List<String> violations = new ArrayList<>();
    Map<ObjectKey, Integer> seen = new HashMap<>();
    TreeSet<String> starts = new TreeSet<>(ShardLayout.POINT_ORDER);
    result.shards().forEach(s -> starts.add(s.start()));
    assertThat(starts).as("one shard per start").hasSameSizeAs(result.shards());
    for (Shard shard : result.shards()) {
      if (shard.items().isEmpty() || shard.items().size() > COUNT || shard.byteSize() >= BYTES) {
        violations.add(
            shard.name()
                + " breaks a limit: "
                + shard.items().size()
                + " items, "
                + shard.byteSize()
                + " bytes");
      }
      if (!shard.name().equals(ShardNames.name(BINDING, shard.start()))
          || shard.name().length() > 253
          || !DNS_SUBDOMAIN.matcher(shard.name()).matches()) {
        violations.add(shard.name() + " is not the valid name of start " + shard.start());
      }
      String end = starts.higher(shard.start());
      for (ShardItem item : shard.items()) {
        seen.merge(item.key(), 1, Integer::sum);
        String bits = ManifestWorkSharder.hashBits(item.key());
        if (ShardLayout.comparePoints(bits, shard.start()) < 0
            || (end != null && ShardLayout.comparePoints(bits, end) >= 0)) {
          violations.add(item.key() + " is outside the range of bucket " + shard.start());
        }
      }
    }
    assertThat(violations).isEmpty();
    long placeable = items.stream().filter(i -> ManifestWorkSharder.sizeOf(i) < BYTES).count();
    assertThat(seen).hasSize((int) placeable);
    assertThat(seen.values()).containsOnly(1);
  }

  private static Map<ObjectKey, String> assignment(ShardingResult result) {
    Map<ObjectKey, String> assignment = new HashMap<>();
    result.shards().forEach(s -> s.items().forEach(i -> assignment.put(i.key(), s.name())));
    return assignment;
  }

  static List<ShardItem> randomItems(Random random, int count) {
    List<ShardItem> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(item("obj-" + i, 200 + random.nextInt(3_000)));
    }
    return items;
  }

  static ShardItem item(String name, int payload) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("apiVersion", "v1");
    manifest.put("kind", "ConfigMap");
    manifest.put("metadata", Map.of("name", name, "namespace", "ns"));
    manifest.put("data", Map.of("payload", "x".repeat(payload)));
    return new ShardItem(new ObjectKey("", "configmaps", "ns", name), manifest, false);
  }
}
