package dev.orrery.app.argocd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks an {@code Authorization: Bearer <token>} header against the expected token in constant
 * time: both are hashed first, so neither the content nor the length of the expected token leaks
 * through timing.
 */
public final class BearerToken {
  private static final String PREFIX = "Bearer ";

  private BearerToken() {}

  /** Whether {@code authorization} presents exactly {@code expected}. */
  public static boolean matches(String authorization, byte[] expected) {
    if (authorization == null
        || expected == null
        || expected.length == 0
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] given =
        authorization.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(sha256(given), sha256(expected));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
