package dev.orrery.gitsource.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook was sent by a forge that knows the shared secret: GitHub's {@code
 * X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}, Gitea's {@code X-Gitea-Signature:
 * <hex HMAC-SHA256>} and GitLab's {@code X-Gitlab-Token: <secret>}. All comparisons take constant
 * time.
 */
public final class WebhookVerifier {

  static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
  static final String GITEA_SIGNATURE = "X-Gitea-Signature";
  static final String GITLAB_TOKEN = "X-Gitlab-Token";
  private static final String SHA256_PREFIX = "sha256=";

  private WebhookVerifier() {}

  /** Verifies a request of whichever forge sent it. */
  public static WebhookVerification verify(WebhookRequest request, String secret) {
    return Forge.detect(request)
        .map(forge -> verify(forge, request, secret))
        .orElse(WebhookVerification.UNKNOWN_FORGE);
  }

  /**
   * Verifies a request as coming from {@code forge}.
   *
   * @throws IllegalArgumentException if the secret is empty (an empty secret proves nothing)
   */
  public static WebhookVerification verify(Forge forge, WebhookRequest request, String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook secret is required");
    }
    return switch (forge) {
      case GITHUB -> verifyHmac(request.header(GITHUB_SIGNATURE), true, request, secret);
      case GITEA -> {
        Optional<String> gitea = request.header(GITEA_SIGNATURE);
        yield gitea.isPresent()
            ? verifyHmac(gitea, false, request, secret)
            : verifyHmac(request.header(GITHUB_SIGNATURE), true, request, secret);
      }
      case GITLAB -> verifyToken(request.header(GITLAB_TOKEN), secret);
    };
  }

  private static WebhookVerification verifyHmac(
      Optional<String> header, boolean prefixed, WebhookRequest request, String secret) {
    if (header.isEmpty()) {
      return WebhookVerification.MISSING_SIGNATURE;
    }
    String hex = header.get();
    if (prefixed) {
      if (!hex.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
        return WebhookVerification.INVALID_SIGNATURE;
      }
      hex = hex.substring(SHA256_PREFIX.length());
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return WebhookVerification.INVALID_SIGNATURE;
    }
    byte[] expected = hmacSha256(secret, request.bodyUnsafe());
    return MessageDigest.isEqual(expected, given)
        ? WebhookVerification.VALID
        : WebhookVerification.INVALID_SIGNATURE;
  }

  private static WebhookVerification verifyToken(Optional<String> header, String secret) {
    if (header.isEmpty()) {
      return WebhookVerification.MISSING_SIGNATURE;
    }
    // Compare digests so that neither content nor length leaks through timing.
    return MessageDigest.isEqual(sha256(header.get()), sha256(secret))
        ? WebhookVerification.VALID
        : WebhookVerification.INVALID_SIGNATURE;
  }

  /** The hex HMAC-SHA256 of {@code body} under {@code secret}, as GitHub and Gitea send it. */
  public static String signature(String secret, byte[] body) {
    return HexFormat.of().formatHex(hmacSha256(secret, body));
  }

  private static byte[] hmacSha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
