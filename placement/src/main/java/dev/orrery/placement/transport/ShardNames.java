package dev.orrery.placement.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * ManifestWork names for the shards of a Binding: {@code <base>-mw} for the bucket starting at hash
 * point zero and {@code <base>-mw-<bits>} for a bucket starting at point {@code <bits>} (see {@link
 * ShardLayout}), where {@code <base>} is the Binding's {@link #incarnation} (or, when that is
 * longer than {@value #MAX_BASE_LENGTH} characters, a truncation plus 8 hex digits of its SHA-256).
 * Distinct (Binding, start) pairs give distinct names: the suffix {@code -mw[-[01]+]} is
 * recognisable at the end, so the base is recovered exactly. Every name is a valid DNS subdomain of
 * at most 253 characters.
 */
public final class ShardNames {

  /** The most bits a shard start may have. */
  public static final int MAX_DEPTH = 64;

  /** The longest base kept verbatim: 253 minus {@code "-mw-"} minus {@link #MAX_DEPTH}. */
  public static final int MAX_BASE_LENGTH = 253 - 4 - MAX_DEPTH;

  /** How many leading characters of the Binding's UID its ManifestWork names carry. */
  static final int UID_CHARACTERS = 8;

  private ShardNames() {}

  /**
   * What the ManifestWorks of one Binding incarnation are named after: {@code <bindingName>-<first
   * 8 characters of its UID>}. A Binding deleted and created again with the same name (a policy
   * reverted or re-applied) gets new ManifestWorks at once instead of waiting for those of its
   * previous incarnation to finish terminating; the names stay stable for the Binding's life.
   * Upstream's transport likewise names single-object ManifestWorks by the Binding's UID.
   */
  public static String incarnation(String bindingName, String bindingUid) {
    if (bindingUid == null || bindingUid.length() < UID_CHARACTERS) {
      throw new IllegalArgumentException("a Binding UID is needed, got " + bindingUid);
    }
    return bindingName
        + "-"
        + bindingUid.substring(0, UID_CHARACTERS).toLowerCase(java.util.Locale.ROOT);
  }

  /** The ManifestWork name of a Binding's bucket with the given start. */
  public static String name(String bindingName, String start) {
    return start.isEmpty() ? base(bindingName) + "-mw" : base(bindingName) + "-mw-" + start;
  }

  /**
   * The bucket start encoded in a ManifestWork name, if it is one of this Binding's shard names.
   */
  public static Optional<String> startOf(String bindingName, String manifestWorkName) {
    String root = base(bindingName) + "-mw";
    if (manifestWorkName.equals(root)) {
      return Optional.of("");
    }
    if (manifestWorkName.startsWith(root + "-")) {
      String bits = manifestWorkName.substring(root.length() + 1);
      if (bits.matches("[01]{1," + MAX_DEPTH + "}")) {
        return Optional.of(bits);
      }
    }
    return Optional.empty();
  }

  /** The Binding name, shortened with a hash when too long for a ManifestWork name. */
  static String base(String bindingName) {
    if (bindingName.length() <= MAX_BASE_LENGTH) {
      return bindingName;
    }
    String head = bindingName.substring(0, MAX_BASE_LENGTH - 9).replaceAll("[-.]+$", "");
    return head + "-" + sha256Hex(bindingName).substring(0, 8);
  }

  /** Lowercase hex SHA-256 of a string's UTF-8 bytes. */
  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  /** SHA-256 of a string's UTF-8 bytes. */
  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
