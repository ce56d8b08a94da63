package dev.orrery.gitsource.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

  @Test
  void parsesAGitHubPush() {
    PushEvent push = (PushEvent) WebhookParser.parse(Payloads.github("push", "github-push.json"));

    assertThat(push.forge()).isEqualTo(Forge.GITHUB);
    assertThat(push.deliveryId()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    assertThat(push.ref()).isEqualTo("refs/heads/main");
    assertThat(push.isBranch()).isTrue();
    assertThat(push.shortRef()).isEqualTo("main");
    assertThat(push.before()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    assertThat(push.after()).isEqualTo("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
    assertThat(push.deleted()).isFalse();
    assertThat(push.repositoryUrls())
        .containsExactlyInAnyOrder(
            "https://github.com/Codertocat/Hello-World",
            "https://github.com/Codertocat/Hello-World.git",
            "git@github.com:Codertocat/Hello-World.git",
            "git://github.com/Codertocat/Hello-World.git");
    assertThat(push.concerns("ssh://git@GitHub.com/Codertocat/Hello-World")).isTrue();
    assertThat(push.concerns("https://github.com/Codertocat/Other")).isFalse();
  }

  @Test
  void parsesAGiteaPush() {
    PushEvent push = (PushEvent) WebhookParser.parse(Payloads.gitea("push", "gitea-push.json"));

    assertThat(push.forge()).isEqualTo(Forge.GITEA);
    assertThat(push.deliveryId()).isEqualTo("f6266f16-1bf3-46a5-9ea4-602e06ead473");
    assertThat(push.ref()).isEqualTo("refs/heads/develop");
    assertThat(push.after()).isEqualTo("bffeb74224043ba2feb48d137756c8a9331c449a");
    assertThat(push.repositoryUrls())
        .contains(
            "ssh://gitea@localhost:2222/gitea/webhooks.git",
            "http://localhost:3000/gitea/webhooks.git");
    assertThat(push.concerns("https://localhost/gitea/webhooks")).isTrue();
  }

  @Test
  void parsesAGitLabPushAndTagPush() {
    PushEvent push =
        (PushEvent) WebhookParser.parse(Payloads.gitlab("Push Hook", "gitlab-push.json"));
    PushEvent tag =
        (PushEvent) WebhookParser.parse(Payloads.gitlab("Tag Push Hook", "gitlab-tag-push.json"));

    assertThat(push.forge()).isEqualTo(Forge.GITLAB);
    assertThat(push.deliveryId()).isEqualTo("13792a34-cac6-4fda-95a8-c58e00a3954e");
    assertThat(push.ref()).isEqualTo("refs/heads/master");
    assertThat(push.after()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    assertThat(push.concerns("https://example.com/mike/diaspora.git")).isTrue();
    assertThat(push.concerns("git@example.com:mike/diaspora")).isTrue();
    assertThat(tag.isTag()).isTrue();
    assertThat(tag.shortRef()).isEqualTo("v1.0.0");
    assertThat(tag.before()).isEqualTo("0000000000000000000000000000000000000000");
    assertThat(tag.concerns("ssh://git@example.com/jsmith/example.git")).isTrue();
  }

  @Test
  void aBranchDeletionIsMarked() {
    byte[] body =
        """
        {"ref":"refs/heads/gone","before":"6113728f27ae82c7b1a177c8d03f9e96e0adf246",
         "after":"0000000000000000000000000000000000000000","deleted":true,
         "repository":{"clone_url":"https://github.com/o/r.git"}}
        """
            .getBytes(StandardCharsets.UTF_8);
    PushEvent push =
        (PushEvent)
            WebhookParser.parse(
                new WebhookRequest(
                    Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d1"), body));

    assertThat(push.deleted()).isTrue();
  }

  @Test
  void parsesAGitHubPullRequestFromAFork() {
    PullRequestEvent pr =
        (PullRequestEvent)
            WebhookParser.parse(Payloads.github("pull_request", "github-pull-request.json"));

    assertThat(pr.forge()).isEqualTo(Forge.GITHUB);
    assertThat(pr.action()).isEqualTo("synchronize");
    assertThat(pr.number()).isEqualTo(2);
    assertThat(pr.headSha()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
    assertThat(pr.headRef()).isEqualTo("changes");
    assertThat(pr.baseRef()).isEqualTo("main");
    assertThat(pr.concerns("https://github.com/Codertocat/Hello-World")).isTrue();
    assertThat(pr.headRepositoryUrls()).contains("https://github.com/forker/Hello-World.git");
    assertThat(pr.concerns("https://github.com/forker/Hello-World")).isFalse();
  }

  @Test
  void parsesAGiteaPullRequest() {
    PullRequestEvent pr =
        (PullRequestEvent)
            WebhookParser.parse(Payloads.gitea("pull_request", "gitea-pull-request.json"));

    assertThat(pr.forge()).isEqualTo(Forge.GITEA);
    assertThat(pr.action()).isEqualTo("synchronized");
    assertThat(pr.number()).isEqualTo(7);
    assertThat(pr.headSha()).isEqualTo("4a3f1c4f0c1b2e6d8a9b7c5d3e1f0a2b4c6d8e0f");
    assertThat(pr.headRef()).isEqualTo("feature/overlay");
    assertThat(pr.baseRef()).isEqualTo("main");
    assertThat(pr.concerns("ssh://gitea@localhost:2222/gitea/webhooks.git")).isTrue();
  }

  @Test
  void parsesAGitLabMergeRequest() {
    PullRequestEvent mr =
        (PullRequestEvent)
            WebhookParser.parse(Payloads.gitlab("Merge Request Hook", "gitlab-merge-request.json"));

    assertThat(mr.forge()).isEqualTo(Forge.GITLAB);
    assertThat(mr.action()).isEqualTo("open");
    assertThat(mr.number()).isEqualTo(1);
    assertThat(mr.headSha()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    assertThat(mr.headRef()).isEqualTo("ms-viewport");
    assertThat(mr.baseRef()).isEqualTo("master");
    assertThat(mr.concerns("git@example.com:gitlabhq/gitlab-test.git")).isTrue();
    assertThat(mr.headRepositoryUrls())
        .contains("http://example.com/awesome_space/awesome_project.git");
  }

  @Test
  void otherEventsAreReportedAsSuch() {
    WebhookEvent ping = WebhookParser.parse(Payloads.github("ping", "github-ping.json"));
    WebhookEvent issue = WebhookParser.parse(Payloads.gitlab("Issue Hook", "gitlab-push.json"));
    WebhookEvent review =
        WebhookParser.parse(Payloads.github("pull_request_review", "github-pull-request.json"));

    assertThat(ping)
        .isEqualTo(new OtherEvent(Forge.GITHUB, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "ping"));
    assertThat(issue).isInstanceOf(OtherEvent.class);
    assertThat(review).isInstanceOf(OtherEvent.class);
  }

  @Test
  void aMissingDeliveryHeaderFallsBackToTheBodyHash() {
    byte[] body = Payloads.body("github-push.json");
    WebhookEvent a =
        WebhookParser.parse(new WebhookRequest(Map.of("X-GitHub-Event", "push"), body));
    WebhookEvent b =
        WebhookParser.parse(new WebhookRequest(Map.of("X-GitHub-Event", "push"), body));

    assertThat(a.deliveryId()).startsWith("body-sha256:").isEqualTo(b.deliveryId());
  }

  @Test
  void malformedPayloadsAreRejected() {
    WebhookRequest notJson =
        new WebhookRequest(
            Map.of("X-GitHub-Event", "push"), "not json".getBytes(StandardCharsets.UTF_8));
    WebhookRequest noRef =
        new WebhookRequest(
            Map.of("X-GitHub-Event", "push"),
            "{\"after\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
    WebhookRequest unknown = new WebhookRequest(Map.of(), "{}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> WebhookParser.parse(notJson))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookParser.parse(noRef))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ref'");
    assertThatThrownBy(() -> WebhookParser.parse(unknown))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
