package dev.orrery.spaces.gitea;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets one Gitea instance signs and checks with, generated afresh for each instance so that
 * Gitea never has to generate them itself and rewrite its configuration file.
 *
 * @param secretKey {@code [security] SECRET_KEY}
 * @param internalToken {@code [security] INTERNAL_TOKEN}, which Git hooks present to Gitea
 * @param jwtSecret {@code [oauth2] JWT_SECRET}: 32 bytes, unpadded base64url as Gitea requires
 */
record GiteaSecrets(String secretKey, String internalToken, String jwtSecret) {
  static final int JWT_SECRET_BYTES = 32;

  static GiteaSecrets generate(SecureRandom random) {
    return new GiteaSecrets(
        HexFormat.of().formatHex(bytes(random, 32)),
        HexFormat.of().formatHex(bytes(random, 48)),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(random, JWT_SECRET_BYTES)));
  }

  private static byte[] bytes(SecureRandom random, int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return "GiteaSecrets[redacted]";
  }
}
