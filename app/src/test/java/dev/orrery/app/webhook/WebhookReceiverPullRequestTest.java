package dev.orrery.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.gitsource.GitRef;
import dev.orrery.gitsource.webhook.Forge;
import dev.orrery.gitsource.webhook.PullRequestEvent;
import dev.orrery.gitsource.webhook.WebhookRequest;
import dev.orrery.gitsource.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pull-request deliveries: verified like pushes, handed to the preview only for watched base
 * branches.
 */
class WebhookReceiverPullRequestTest {
  private static final String URL = "https://github.com/Codertocat/Hello-World.git";
  private static final String SECRET = "hook-secret";

  private final List<String> triggered = new ArrayList<>();
  private final List<PullRequestEvent> previewed = new ArrayList<>();
  private final List<List<String>> previewedFor = new ArrayList<>();

  private WebhookReceiver receiver(List<WebhookReceiver.Source> sources) {
    return new WebhookReceiver(
        url ->
            url.equals(URL) || url.equals("https://github.com/Codertocat/Hello-World")
                ? sources
                : List.of(),
        Optional.empty(),
        triggered::add,
        (event, keys) -> {
          previewed.add(event);
          previewedFor.add(keys);
        },
        1 << 20);
  }

  private static WebhookReceiver.Source source(String key, String branch) {
    return new WebhookReceiver.Source(key, URL, GitRef.branch(branch), Optional.of(SECRET));
  }

  @Test
  void anOpenedPullRequestIsPreviewedForTheSourcesOfItsBaseBranch() {
    WebhookReceiver receiver =
        receiver(List.of(source("team/main-apps", "main"), source("team/release", "release")));

    WebhookReceiver.Reply reply =
        receiver.receive(Forge.GITHUB, request("opened", "main", "d1", SECRET));

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.message()).contains("preview of #7 queued for team/main-apps");
    assertThat(previewedFor).containsExactly(List.of("team/main-apps"));
    assertThat(previewed.get(0).headSha()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
    assertThat(triggered).as("a pull request never applies anything").isEmpty();
  }

  @Test
  void aPushToThePullRequestIsPreviewedAgainAndARepeatedDeliveryIsNot() {
    WebhookReceiver receiver = receiver(List.of(source("team/apps", "main")));

    receiver.receive(Forge.GITHUB, request("synchronize", "main", "d2", SECRET));
    WebhookReceiver.Reply repeated =
        receiver.receive(Forge.GITHUB, request("synchronize", "main", "d2", SECRET));

    assertThat(previewed).hasSize(1);
    assertThat(repeated.status()).isEqualTo(200);
  }

  @Test
  void closedPullRequestsAndOtherBaseBranchesAreNotPreviewed() {
    WebhookReceiver receiver = receiver(List.of(source("team/apps", "main")));

    assertThat(receiver.receive(Forge.GITHUB, request("closed", "main", "d3", SECRET)).message())
        .contains("needs no preview");
    assertThat(receiver.receive(Forge.GITHUB, request("opened", "feature", "d4", SECRET)).message())
        .contains("no GitSource watches branch feature");
    assertThat(previewed).isEmpty();
  }

  @Test
  void aPullRequestWithABadSignatureIsRefused() {
    WebhookReceiver receiver = receiver(List.of(source("team/apps", "main")));

    WebhookReceiver.Reply reply =
        receiver.receive(Forge.GITHUB, request("opened", "main", "d5", "wrong-secret"));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(previewed).isEmpty();
  }

  private static WebhookRequest request(
      String action, String base, String delivery, String secret) {
    byte[] body =
        """
        {"action": "%s", "number": 7,
         "pull_request": {"number": 7,
           "head": {"ref": "change", "sha": "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
                    "repo": {"clone_url": "%s", "html_url": "https://github.com/Codertocat/Hello-World"}},
           "base": {"ref": "%s", "sha": "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
                    "repo": {"clone_url": "%s", "html_url": "https://github.com/Codertocat/Hello-World"}}},
         "repository": {"clone_url": "%s", "html_url": "https://github.com/Codertocat/Hello-World"}}
        """
            .formatted(action, URL, base, URL, URL)
            .getBytes(StandardCharsets.UTF_8);
    return new WebhookRequest(
        Map.of(
            "X-GitHub-Event",
            "pull_request",
            "X-GitHub-Delivery",
            delivery,
            "X-Hub-Signature-256",
            "sha256=" + WebhookVerifier.signature(secret, body),
            "Content-Type",
            "application/json"),
        body);
  }
}
