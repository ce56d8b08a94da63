package dev.orrery.gitsource.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile webhook bodies at the parsing and signature layer: malformed, deeply nested, not UTF-8,
 * unsigned, wrongly signed, signed with a truncated or non-hex signature, and replayed. Each is
 * refused with an {@link IllegalArgumentException} or a non-valid {@link WebhookVerification}; none
 * escapes as another exception. (Bodies over the size limit get 413 in app's receiver.)
 */
class WebhookHostileInputTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  private static final String SECRET = "s3cret";

  private static WebhookRequest push(byte[] body, String signature) {
    return signature == null
        ? new WebhookRequest(Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-1"), body)
        : new WebhookRequest(
            Map.of(
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                "d-1",
                "X-Hub-Signature-256",
                signature),
            body);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void deeplyNestedJsonIsRefusedWithoutAStackOverflow() {
    byte[] body = utf8("{\"ref\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}");
    WebhookRequest request = push(body, "sha256=" + WebhookVerifier.signature(SECRET, body));

    assertThat(WebhookVerifier.verify(request, SECRET)).isEqualTo(WebhookVerification.VALID);
    assertThatThrownBy(
            () -> assertTimeoutPreemptively(HANG_GUARD, () -> WebhookParser.parse(request)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aBodyThatIsNotUtf8IsRefused() {
    byte[] body = new byte[1024];
    Arrays.fill(body, (byte) 0xff);

    assertThatThrownBy(() -> WebhookParser.parse(push(body, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTruncatedJsonBodyIsRefused() {
    assertThatThrownBy(
            () -> WebhookParser.parse(push(utf8("{\"ref\":\"refs/heads/main\",\"after\":"), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aBodyThatIsAnArrayIsRefused() {
    assertThatThrownBy(() -> WebhookParser.parse(push(utf8("[1,2,3]"), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void anUnsignedBodyIsNotValid() {
    assertThat(WebhookVerifier.verify(push(utf8("{}"), null), SECRET))
        .isEqualTo(WebhookVerification.MISSING_SIGNATURE);
  }

  @Test
  void wrongTruncatedAndNonHexSignaturesAreNotValid() {
    byte[] body = utf8("{\"ref\":\"refs/heads/main\",\"after\":\"abc\"}");
    String good = "sha256=" + WebhookVerifier.signature(SECRET, body);

    assertThat(
            WebhookVerifier.verify(
                push(body, "sha256=" + WebhookVerifier.signature("guess", body)), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(push(body, good.substring(0, good.length() - 2)), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(push(body, "sha256=" + "zz".repeat(32)), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(push(body, "sha256=" + "0".repeat(100_000)), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
  }

  @Test
  void aReplayedDeliveryIsSeenAsADuplicate() {
    byte[] body =
        utf8(
            "{\"ref\":\"refs/heads/main\",\"after\":\"abc\",\"repository\":{\"clone_url\":\"https://h/r.git\"}}");
    WebhookRequest request = push(body, "sha256=" + WebhookVerifier.signature(SECRET, body));
    DeliveryDeduplicator deliveries = new DeliveryDeduplicator(100);

    assertThat(deliveries.seen(WebhookParser.parse(request).deliveryId())).isFalse();
    assertThat(deliveries.seen(WebhookParser.parse(request).deliveryId())).as("replayed").isTrue();
  }
}
