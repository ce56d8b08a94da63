package dev.orrery.gitsource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The directory name of a remote's bare repository in the cache: a readable, sanitized form of the
 * URL (without credentials) and a short hash of it, so distinct URLs never share a directory.
 */
final class CacheDirectoryName {

  private static final int MAX_READABLE = 80;

  private CacheDirectoryName() {}

  static String of(String url) {
    String clean = SecretScrubber.withoutUserInfo(url.trim());
    String readable =
        clean
            .toLowerCase(Locale.ROOT)
            .replaceFirst("^[a-z][a-z0-9+.-]*://", "")
            .replaceAll("[^a-z0-9._]+", "-")
            .replaceAll("^[-.]+|[-.]+$", "");
    if (readable.length() > MAX_READABLE) {
      readable = readable.substring(readable.length() - MAX_READABLE).replaceAll("^[-.]+", "");
    }
    return (readable.isEmpty() ? "repo" : readable) + "-" + shortHash(clean) + ".git";
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
