package dev.orrery.app.report.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orrery.app.report.forge.FakeForge.Reply;
import dev.orrery.app.report.forge.FakeForge.Request;
import dev.orrery.app.report.forge.ForgeClient.CommentAction;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub's REST contract, as documented at docs.github.com ("Create a commit status", "List /
 * Create / Update an issue comment", "Rate limits for the REST API"), played by a local server.
 */
class GitHubClientContractTest {
  static final RepoRef REPO = new RepoRef("octo-org", "hello-world");
  static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
  static final String STATUSES = "/repos/octo-org/hello-world/statuses/" + SHA;
  static final String COMMENTS = "/repos/octo-org/hello-world/issues/42/comments";
  static final String TAG = "<!-- orrery:team-a.apps -->";
  static final int PAGE_SIZE = 2;

  FakeForge forge;
  ManualTime time;
  GitHubClient client;
  CommentBoard board;

  @BeforeEach
  void start() {
    forge = new FakeForge();
    time = new ManualTime();
    client = new GitHubClient(TestConnections.of(forge.base(), time));
    board = new CommentBoard(1_000, GitHubClientContractTest::issueComment);
    forge.fallback(this::github);
  }

  @AfterEach
  void stop() {
    forge.close();
  }

  /** GitHub's documented "issue comment" object. */
  static ObjectNode issueComment(long id, String body) {
    ObjectNode c = FakeForge.JSON.createObjectNode();
    c.put("id", id)
        .put("node_id", "MDEyOklzc3VlQ29tbWVudDE=")
        .put("url", "https://api.github.com/repos/octo-org/hello-world/issues/comments/" + id)
        .put("html_url", "https://github.com/octo-org/hello-world/issues/42#issuecomment-" + id)
        .put("body", body);
    c.putObject("user").put("login", "octocat").put("id", 1).put("type", "User");
    c.put("created_at", "2011-04-14T16:00:49Z")
        .put("updated_at", "2011-04-14T16:00:49Z")
        .put("issue_url", "https://api.github.com/repos/octo-org/hello-world/issues/42")
        .put("author_association", "COLLABORATOR");
    return c;
  }

  /** The comment endpoints, paging {@value #PAGE_SIZE} at a time with a {@code Link} header. */
  private Reply github(Request r) {
    if (r.method().equals("GET") && r.path().equals(COMMENTS)) {
      int page = Integer.parseInt(r.queryParam("page"));
      Reply reply = Reply.json(200, board.page(page, PAGE_SIZE));
      int last = board.pages(PAGE_SIZE);
      if (page < last) {
        String link = forge.base() + COMMENTS + "?per_page=100&page=";
        reply =
            reply.with(
                "Link",
                "<" + link + (page + 1) + ">; rel=\"next\", <" + link + last + ">; rel=\"last\"");
      }
      return reply;
    }
    if (r.method().equals("POST") && r.path().equals(COMMENTS)) {
      return Reply.json(201, board.add(CommentBoard.body(r.json())));
    }
    if (r.method().equals("PATCH")
        && r.path().startsWith("/repos/octo-org/hello-world/issues/comments/")) {
      return Reply.json(
          200, board.edit(CommentBoard.idFromPath(r.path()), CommentBoard.body(r.json())));
    }
    if (r.method().equals("POST") && r.path().equals(STATUSES)) {
      ObjectNode status =
          FakeForge.JSON
              .createObjectNode()
              .put("id", 1)
              .put("node_id", "MDY6U3RhdHVzMQ==")
              .put("url", "https://api.github.com" + STATUSES);
      status.setAll((ObjectNode) r.json());
      return Reply.json(201, status.put("created_at", "2012-07-20T01:19:13Z"));
    }
    return Reply.json(
        404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}");
  }

  @Test
  void setsACommitStatusWithTheDocumentedRequest() {
    client.setCommitStatus(
        REPO,
        SHA,
        new CommitStatus(
            CommitStatus.State.SUCCESS,
            "orrery/team-a.apps",
            "Applied 12 objects",
            URI.create("https://orrery.example.com/sources/team-a/apps")));

    assertThat(forge.lines()).containsExactly("POST " + STATUSES);
    Request request = forge.requests().get(0);
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TestConnections.TOKEN);
    assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("User-Agent")).isEqualTo("orrery");
    assertThat(request.json())
        .isEqualTo(
            FakeForge.json(
                """
        {"state": "success", "target_url": "https://orrery.example.com/sources/team-a/apps",
         "description": "Applied 12 objects", "context": "orrery/team-a.apps"}"""));
  }

  @Test
  void cutsTheDescriptionTo140CharactersAndLeavesOutWhatIsNotSet() {
    client.setCommitStatus(
        REPO, SHA, new CommitStatus(CommitStatus.State.ERROR, "orrery/x", "é".repeat(200), null));

    JsonNode body = forge.requests().get(0).json();
    assertThat(body.path("state").asText()).isEqualTo("error");
    assertThat(body.has("target_url")).isFalse();
    String description = body.path("description").asText();
    assertThat(description).hasSize(140).endsWith("…").startsWith("ééé");
  }

  @Test
  void talksToGitHubEnterpriseServerUnderApiV3() {
    GitHubClient enterprise =
        new GitHubClient(TestConnections.of(GitHubClient.enterpriseApi(forge.base()), time));
    forge.script("POST", "/api/v3" + STATUSES, Reply.json(201, "{\"id\":1,\"state\":\"pending\"}"));

    enterprise.setCommitStatus(
        REPO, SHA, new CommitStatus(CommitStatus.State.PENDING, "orrery/x", null, null));

    assertThat(forge.lines()).containsExactly("POST /api/v3" + STATUSES);
    assertThat(forge.requests().get(0).json())
        .isEqualTo(FakeForge.json("{\"state\": \"pending\", \"context\": \"orrery/x\"}"));
  }

  @Test
  void findsTheMarkedCommentOnTheSecondPageAndEditsItInPlace() {
    board.add("LGTM");
    board.add("<!-- orrery:other-source --> not ours");
    board.add("please rebase");
    long ours = board.add(TAG + "\nold report").path("id").asLong();

    CommentAction action = client.upsertPullRequestComment(REPO, 42, "team-a.apps", "new report");

    assertThat(action).isEqualTo(CommentAction.UPDATED);
    assertThat(forge.lines())
        .containsExactly(
            "GET " + COMMENTS + "?per_page=100&page=1",
            "GET " + COMMENTS + "?per_page=100&page=2",
            "PATCH /repos/octo-org/hello-world/issues/comments/" + ours);
    assertThat(forge.requests().get(2).json())
        .isEqualTo(FakeForge.JSON.createObjectNode().put("body", TAG + "\nnew report"));
    assertThat(board.bodies()).hasSize(4).contains(TAG + "\nnew report");
  }

  @Test
  void createsTheCommentOnceAndNeverDuplicatesIt() {
    board.add("LGTM");
    board.add("<!-- orrery:other-source --> not ours");
    board.add("please rebase");

    assertThat(client.upsertPullRequestComment(REPO, 42, "team-a.apps", "report 1"))
        .isEqualTo(CommentAction.CREATED);
    assertThat(forge.lines())
        .containsExactly(
            "GET " + COMMENTS + "?per_page=100&page=1",
            "GET " + COMMENTS + "?per_page=100&page=2",
            "POST " + COMMENTS);
    assertThat(forge.requests().get(2).json())
        .isEqualTo(FakeForge.JSON.createObjectNode().put("body", TAG + "\nreport 1"));

    assertThat(client.upsertPullRequestComment(REPO, 42, "team-a.apps", "report 1"))
        .isEqualTo(CommentAction.UNCHANGED);
    assertThat(client.upsertPullRequestComment(REPO, 42, "team-a.apps", "report 2"))
        .isEqualTo(CommentAction.UPDATED);

    assertThat(board.bodies().stream().filter(b -> b.contains(TAG)))
        .containsExactly(TAG + "\nreport 2");
    assertThat(forge.lines().stream().filter(l -> l.startsWith("POST"))).hasSize(1);
  }

  @Test
  void aCreateThatFailedAfterGitHubStoredItIsFoundOnTheRetryNotRepeated() {
    AtomicInteger posts = new AtomicInteger();
    forge.fallback(
        r -> {
          Reply normal = github(r);
          boolean firstPost =
              r.method().equals("POST")
                  && r.path().equals(COMMENTS)
                  && posts.incrementAndGet() == 1;
          return firstPost ? Reply.json(502, "{\"message\":\"Server Error\"}") : normal;
        });

    client.upsertPullRequestComment(REPO, 42, "team-a.apps", "report");

    assertThat(board.bodies()).containsExactly(TAG + "\nreport");
    assertThat(forge.lines())
        .containsExactly(
            "GET " + COMMENTS + "?per_page=100&page=1",
            "POST " + COMMENTS,
            "GET " + COMMENTS + "?per_page=100&page=1");
  }

  @Test
  void retriesABadGatewayThenSucceeds() {
    forge.script("POST", STATUSES, Reply.json(502, "<html>502 Bad Gateway</html>"));

    client.setCommitStatus(REPO, SHA, status());

    assertThat(forge.lines()).containsExactly("POST " + STATUSES, "POST " + STATUSES);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(75));
  }

  @Test
  void backsOffExponentiallyAndGivesUpWhenAttemptsRunOut() {
    Reply unavailable = Reply.json(503, "{\"message\":\"Service Unavailable\"}");
    forge.script("POST", STATUSES, unavailable, unavailable, unavailable, unavailable);

    ForgeException e =
        catchThrowableOfType(
            () -> client.setCommitStatus(REPO, SHA, status()), ForgeException.class);

    assertThat(forge.lines()).hasSize(4);
    assertThat(time.sleeps())
        .containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.getMessage()).contains("HTTP 503").contains("gave up after 4 attempts");
  }

  @Test
  void honoursRetryAfterOnTooManyRequests() {
    forge.script(
        "POST",
        STATUSES,
        Reply.json(429, "{\"message\":\"Too Many Requests\"}").with("Retry-After", "7"));

    client.setCommitStatus(REPO, SHA, status());

    assertThat(forge.lines()).hasSize(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void waitsOutASecondaryRateLimitAsRetryAfterSays() {
    forge.script("POST", COMMENTS, secondaryRateLimit().with("Retry-After", "30"));

    client.upsertPullRequestComment(REPO, 42, "team-a.apps", "report");

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
    assertThat(board.bodies()).containsExactly(TAG + "\nreport");
  }

  @Test
  void waitsAtLeastAMinuteForASecondaryRateLimitWithoutHeaders() {
    forge.script("POST", STATUSES, secondaryRateLimit());

    client.setCommitStatus(REPO, SHA, status());

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
    assertThat(forge.lines()).hasSize(2);
  }

  @Test
  void waitsForThePrimaryRateLimitReset() {
    long reset = ManualTime.START.plusSeconds(20).getEpochSecond();
    forge.script("POST", STATUSES, primaryRateLimit(reset));

    client.setCommitStatus(REPO, SHA, status());

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(21));
  }

  @Test
  void givesUpAtOnceWhenTheRateLimitResetsBeyondTheTimeBudget() {
    long reset = ManualTime.START.plus(Duration.ofHours(1)).getEpochSecond();
    forge.script("POST", STATUSES, primaryRateLimit(reset));

    ForgeException e =
        catchThrowableOfType(
            () -> client.setCommitStatus(REPO, SHA, status()), ForgeException.class);

    assertThat(forge.lines()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
    assertThat(e.getMessage()).contains("HTTP 403").contains("budget");
  }

  @Test
  void aForbiddenWithoutRateLimitSignsFailsFast() {
    forge.script(
        "POST",
        STATUSES,
        Reply.json(403, "{\"message\":\"Resource not accessible by integration\"}"));

    ForgeException e =
        catchThrowableOfType(
            () -> client.setCommitStatus(REPO, SHA, status()), ForgeException.class);

    assertThat(forge.lines()).hasSize(1);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("Resource not accessible by integration");
  }

  @Test
  void aValidationFailureFailsFastWithMethodPathAndStatus() {
    forge.script(
        "POST",
        STATUSES,
        Reply.json(
            422,
            """
        {"message": "Validation Failed",
         "errors": [{"resource": "Status", "code": "custom",
                     "message": "This SHA and context has reached the maximum number of statuses."}],
         "documentation_url": "https://docs.github.com/rest/commits/statuses#create-a-commit-status"}"""));

    ForgeException e =
        catchThrowableOfType(
            () -> client.setCommitStatus(REPO, SHA, status()), ForgeException.class);

    assertThat(forge.lines()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
    assertThat(e.getMessage())
        .isEqualTo("GitHub POST " + STATUSES + " failed: HTTP 422 (Validation Failed)");
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.path()).isEqualTo(STATUSES);
    assertThat(e.status()).isEqualTo(422);
  }

  @Test
  void refusesToFollowAPaginationLinkToAnotherHost() {
    forge.script(
        "GET",
        COMMENTS,
        Reply.json(200, "[]")
            .with("Link", "<https://elsewhere.example.com/steal?page=2>; rel=\"next\""));

    ForgeException e =
        catchThrowableOfType(
            () -> client.upsertPullRequestComment(REPO, 42, "team-a.apps", "report"),
            ForgeException.class);

    assertThat(forge.lines()).hasSize(1);
    assertThat(e.getMessage())
        .contains("refusing to send the token to https://elsewhere.example.com");
  }

  @Test
  void anUnreachableGitHubIsRetriedThenReportedAsNoResponse() {
    URI closed = forge.base();
    forge.close();
    GitHubClient unreachable = new GitHubClient(TestConnections.of(closed, time));

    ForgeException e =
        catchThrowableOfType(
            () -> unreachable.setCommitStatus(REPO, SHA, status()), ForgeException.class);

    assertThat(e.status()).isZero();
    assertThat(e.getMessage()).contains("no response").contains("gave up after 4 attempts");
    assertThat(time.sleeps()).hasSize(3);
  }

  @Test
  void rejectsNestedOwnersAndBadShasBeforeCallingGitHub() {
    assertThat(
            catchThrowableOfType(
                () -> client.setCommitStatus(new RepoRef("a/b", "c"), SHA, status()),
                IllegalArgumentException.class))
        .hasMessageContaining("single-segment owner");
    assertThat(
            catchThrowableOfType(
                () -> client.setCommitStatus(REPO, "main", status()),
                IllegalArgumentException.class))
        .hasMessageContaining("not a commit SHA");
    assertThat(forge.requests()).isEmpty();
  }

  private static Reply secondaryRateLimit() {
    return Reply.json(
        403,
        """
        {"message": "You have exceeded a secondary rate limit and have been temporarily blocked from content \
        creation. Please retry your request again later.",
         "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}""");
  }

  private static Reply primaryRateLimit(long resetEpochSeconds) {
    return Reply.json(
            403,
            """
        {"message": "API rate limit exceeded for installation ID 123.",
         "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}""")
        .with("X-RateLimit-Limit", "5000")
        .with("X-RateLimit-Remaining", "0")
        .with("X-RateLimit-Used", "5000")
        .with("X-RateLimit-Reset", Long.toString(resetEpochSeconds))
        .with("X-RateLimit-Resource", "core");
  }

  private static CommitStatus status() {
    return new CommitStatus(CommitStatus.State.PENDING, "orrery/team-a.apps", "Applying", null);
  }
}
