package dev.orrery.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.gitsource.GitRef;
import dev.orrery.gitsource.webhook.Forge;
import dev.orrery.gitsource.webhook.WebhookRequest;
import dev.orrery.gitsource.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every reply of a real {@link WebhookReceiver} maps to the result it is counted under. */
class WebhookResultTest {
  private static final String URL = "https://git.example.com/dev/fleet.git";
  private static final String SECRET = "s3cret";
  private final List<String> triggered = new ArrayList<>();
  private final WebhookReceiver receiver = receiver(Optional.empty());

  @Test
  void aPushToAWatchedBranchTriggersAndItsRedeliveryIsADuplicate() {
    String delivery = UUID.randomUUID().toString();

    assertThat(result("push", push(URL, "main"), delivery, SECRET))
        .isEqualTo(WebhookResult.TRIGGERED);
    assertThat(result("push", push(URL, "main"), delivery, SECRET))
        .isEqualTo(WebhookResult.DUPLICATE);
    assertThat(triggered).containsExactly("default/fleet");
  }

  @Test
  void theSameRevisionAnnouncedByAnotherDeliveryTriggersNoMore() {
    assertThat(result("push", push(URL, "main"), UUID.randomUUID().toString(), SECRET))
        .isEqualTo(WebhookResult.TRIGGERED);
    WebhookReceiver.Reply again =
        receiver.receive(
            Forge.GITHUB, signed("push", push(URL, "main"), UUID.randomUUID().toString(), SECRET));
    assertThat(again.result()).isEqualTo(WebhookResult.DUPLICATE);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.message()).contains("already triggered for default/fleet");
    assertThat(triggered).containsExactly("default/fleet");
  }

  @Test
  void verifiedDeliveriesWithNothingToDoAreIgnoredOrForAnUnknownRepository() {
    assertThat(result("push", push(URL, "feature"), UUID.randomUUID().toString(), SECRET))
        .isEqualTo(WebhookResult.IGNORED);
    assertThat(
            result(
                "push",
                push("https://git.example.com/dev/other.git", "main"),
                UUID.randomUUID().toString(),
                SECRET))
        .isEqualTo(WebhookResult.UNKNOWN_REPOSITORY);
    assertThat(triggered).isEmpty();
  }

  @Test
  void aPullRequestAgainstAWatchedBranchIsAPreview() {
    String opened =
        """
        {"action": "opened", "number": 7,
         "pull_request": {"head": {"sha": "%s", "ref": "feature"}, "base": {"ref": "main"}},
         "repository": {"clone_url": "%s"}}
        """
            .formatted("a".repeat(40), URL);

    assertThat(result("pull_request", opened, UUID.randomUUID().toString(), SECRET))
        .isEqualTo(WebhookResult.PREVIEW);
  }

  @Test
  void refusedDeliveriesAreUnauthorizedTooLargeOrBadPayloads() {
    assertThat(result("push", push(URL, "main"), UUID.randomUUID().toString(), "wrong"))
        .isEqualTo(WebhookResult.UNAUTHORIZED);
    assertThat(result("push", "x".repeat(5000), UUID.randomUUID().toString(), SECRET))
        .isEqualTo(WebhookResult.TOO_LARGE);
    WebhookReceiver withSharedSecret = receiver(Optional.of(SECRET));
    assertThat(
            withSharedSecret
                .receive(Forge.GITHUB, signed("push", "{not json", "d1", SECRET))
                .result())
        .isEqualTo(WebhookResult.BAD_PAYLOAD);
    assertThat(triggered).isEmpty();
  }

  @Test
  void tagsAreLowerCaseWithUnderscores() {
    assertThat(WebhookResult.UNKNOWN_REPOSITORY.tag()).isEqualTo("unknown_repository");
  }

  private WebhookReceiver receiver(Optional<String> sharedSecret) {
    return new WebhookReceiver(
        url ->
            url.equals(URL)
                ? List.of(
                    new WebhookReceiver.Source(
                        "default/fleet", URL, GitRef.branch("main"), Optional.of(SECRET)))
                : List.of(),
        sharedSecret,
        triggered::add,
        4096);
  }

  private WebhookResult result(String event, String body, String delivery, String secret) {
    return receiver.receive(Forge.GITHUB, signed(event, body, delivery, secret)).result();
  }

  private static WebhookRequest signed(String event, String body, String delivery, String secret) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new WebhookRequest(
        Map.of(
            "X-GitHub-Event",
            event,
            "X-GitHub-Delivery",
            delivery,
            "X-Hub-Signature-256",
            "sha256=" + WebhookVerifier.signature(secret, bytes)),
        bytes);
  }

  private static String push(String url, String branch) {
    return """
        {"ref": "refs/heads/%s", "before": "%s", "after": "%s", "repository": {"clone_url": "%s"}}
        """
        .formatted(branch, "0".repeat(40), "b".repeat(40), url);
  }
}
