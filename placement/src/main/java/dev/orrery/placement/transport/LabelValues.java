package dev.orrery.placement.transport;

import java.util.regex.Pattern;

/**
 * Makes a name usable as a Kubernetes label value (at most 63 characters): valid names up to 63
 * characters are kept; longer or otherwise invalid ones become a sanitized head plus 8 hex digits
 * of the name's SHA-256, so they stay distinct up to a hash collision.
 */
public final class LabelValues {

  private static final Pattern VALID =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

  private LabelValues() {}

  /** The label value for {@code name}. */
  public static String of(String name) {
    if (name.length() <= 63 && VALID.matcher(name).matches()) {
      return name;
    }
    String head = name.replaceAll("[^-A-Za-z0-9_.]", "-");
    head =
        head.substring(0, Math.min(head.length(), 54))
            .replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    String hash = ShardNames.sha256Hex(name).substring(0, 8);
    return head.isEmpty() ? hash : head + "-" + hash;
  }
}
