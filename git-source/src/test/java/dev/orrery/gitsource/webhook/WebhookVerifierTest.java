package dev.orrery.gitsource.webhook;

import static dev.orrery.gitsource.webhook.Payloads.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

  @Test
  void matchesGitHubsDocumentedTestVector() {
    // From GitHub's "Validating webhook deliveries" documentation.
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    WebhookRequest request =
        new WebhookRequest(
            Map.of(
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
            body);

    assertThat(WebhookVerifier.verify(request, SECRET)).isEqualTo(WebhookVerification.VALID);
  }

  @Test
  void gitHubGoodBadAndMissingSignatures() {
    WebhookRequest good = Payloads.github("push", "github-push.json");

    assertThat(WebhookVerifier.verify(good, SECRET)).isEqualTo(WebhookVerification.VALID);
    assertThat(WebhookVerifier.verify(good, "another secret"))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(tampered(good), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(without(good, "X-Hub-Signature-256"), SECRET))
        .isEqualTo(WebhookVerification.MISSING_SIGNATURE);
  }

  @Test
  void gitHubSignaturesMustCarryTheSha256Prefix() {
    WebhookRequest good = Payloads.github("push", "github-push.json");
    String hex = good.header("X-Hub-Signature-256").orElseThrow().substring("sha256=".length());

    assertThat(WebhookVerifier.verify(with(good, "X-Hub-Signature-256", hex), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(with(good, "X-Hub-Signature-256", "sha1=" + hex), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(
            WebhookVerifier.verify(
                with(good, "X-Hub-Signature-256", "sha256=" + hex.toUpperCase()), SECRET))
        .isEqualTo(WebhookVerification.VALID);
    assertThat(WebhookVerifier.verify(with(good, "X-Hub-Signature-256", "sha256=zz"), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
  }

  @Test
  void giteaGoodBadAndMissingSignatures() {
    WebhookRequest good = Payloads.gitea("push", "gitea-push.json");

    assertThat(WebhookVerifier.verify(good, SECRET)).isEqualTo(WebhookVerification.VALID);
    assertThat(WebhookVerifier.verify(good, "another secret"))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(tampered(good), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    WebhookRequest unsigned = without(without(good, "X-Gitea-Signature"), "X-Hub-Signature-256");
    assertThat(WebhookVerifier.verify(unsigned, SECRET))
        .isEqualTo(WebhookVerification.MISSING_SIGNATURE);
  }

  @Test
  void giteaFallsBackToTheGitHubCompatibleHeader() {
    WebhookRequest onlyHub =
        without(Payloads.gitea("push", "gitea-push.json"), "X-Gitea-Signature");

    assertThat(WebhookVerifier.verify(onlyHub, SECRET)).isEqualTo(WebhookVerification.VALID);
  }

  @Test
  void aWrongGiteaSignatureIsNotRescuedByTheGitHubHeader() {
    WebhookRequest wrongGitea =
        with(Payloads.gitea("push", "gitea-push.json"), "X-Gitea-Signature", "00".repeat(32));

    assertThat(WebhookVerifier.verify(wrongGitea, SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
  }

  @Test
  void gitLabGoodBadAndMissingTokens() {
    WebhookRequest good = Payloads.gitlab("Push Hook", "gitlab-push.json");

    assertThat(WebhookVerifier.verify(good, SECRET)).isEqualTo(WebhookVerification.VALID);
    assertThat(WebhookVerifier.verify(with(good, "X-Gitlab-Token", SECRET + "x"), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(with(good, "X-Gitlab-Token", "It's"), SECRET))
        .isEqualTo(WebhookVerification.INVALID_SIGNATURE);
    assertThat(WebhookVerifier.verify(without(good, "X-Gitlab-Token"), SECRET))
        .isEqualTo(WebhookVerification.MISSING_SIGNATURE);
  }

  @Test
  void headersAreCaseInsensitive() {
    WebhookRequest good = Payloads.github("push", "github-push.json");
    Map<String, String> lower = new HashMap<>();
    good.headers().forEach((k, v) -> lower.put(k.toLowerCase(), v));

    assertThat(WebhookVerifier.verify(new WebhookRequest(lower, good.body()), SECRET))
        .isEqualTo(WebhookVerification.VALID);
  }

  @Test
  void unknownSendersAndEmptySecretsAreRefused() {
    WebhookRequest unknown = new WebhookRequest(Map.of("X-Other-Event", "push"), new byte[0]);

    assertThat(WebhookVerifier.verify(unknown, SECRET))
        .isEqualTo(WebhookVerification.UNKNOWN_FORGE);
    assertThat(WebhookVerification.UNKNOWN_FORGE.isValid()).isFalse();
    assertThatThrownBy(
            () -> WebhookVerifier.verify(Payloads.github("push", "github-push.json"), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static WebhookRequest tampered(WebhookRequest request) {
    byte[] body = request.body();
    body[body.length / 2] ^= 1;
    return new WebhookRequest(request.headers(), body);
  }

  private static WebhookRequest without(WebhookRequest request, String header) {
    Map<String, String> headers = new HashMap<>(request.headers());
    headers.remove(header);
    return new WebhookRequest(headers, request.body());
  }

  private static WebhookRequest with(WebhookRequest request, String header, String value) {
    Map<String, String> headers = new HashMap<>(request.headers());
    headers.put(header, value);
    return new WebhookRequest(headers, request.body());
  }
}
