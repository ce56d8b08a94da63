package dev.orrery.app.report.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orrery.app.report.forge.FakeForge.Reply;
import dev.orrery.app.report.forge.FakeForge.Request;
import dev.orrery.app.report.forge.ForgeClient.CommentAction;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GitLab's API contract (docs.gitlab.com: "Commits API / Set the pipeline status of a commit",
 * "Notes API / Merge requests", "REST API pagination", "Rate limits"), played by a local server.
 */
class GitLabClientContractTest {
  static final RepoRef REPO = RepoRef.parse("git@gitlab.com:platform/team-a/apps.git");
  static final String PROJECT = "/api/v4/projects/platform%2Fteam-a%2Fapps";
  static final String SHA = "18f3e63d05582537db6d183d9d557be09e1f90c8";
  static final String STATUSES = PROJECT + "/statuses/" + SHA;
  static final String COMMIT_STATUSES = PROJECT + "/repository/commits/" + SHA + "/statuses";
  final java.util.List<ObjectNode> posted = new java.util.ArrayList<>();
  static final String NOTES = PROJECT + "/merge_requests/5/notes";
  static final String TAG = "<!-- orrery:team-a.apps -->";

  FakeForge forge;
  ManualTime time;
  GitLabClient client;
  CommentBoard board;

  @BeforeEach
  void start() {
    forge = new FakeForge();
    time = new ManualTime();
    client = new GitLabClient(TestConnections.of(forge.base(), time));
    board = new CommentBoard(301, (id, body) -> note(id, body, false));
    forge.fallback(this::gitlab);
  }

  @AfterEach
  void stop() {
    forge.close();
  }

  /** GitLab's documented merge request note. */
  static ObjectNode note(long id, String body, boolean system) {
    ObjectNode n = FakeForge.JSON.createObjectNode();
    n.put("id", id).put("type", (String) null).put("body", body).putNull("attachment");
    n.putObject("author")
        .put("id", 1)
        .put("username", "orrery-bot")
        .put("name", "Orrery")
        .put("state", "active");
    n.put("created_at", "2013-10-02T09:22:45Z")
        .put("updated_at", "2013-10-02T10:22:45Z")
        .put("system", system)
        .put("noteable_id", 377)
        .put("noteable_type", "MergeRequest")
        .put("project_id", 5)
        .put("noteable_iid", 5)
        .put("resolvable", false)
        .put("confidential", false)
        .put("internal", false);
    return n;
  }

  /** Notes two per page, with GitLab's offset pagination headers. */
  private Reply gitlab(Request r) {
    if (r.method().equals("GET") && r.path().equals(NOTES)) {
      int page = Integer.parseInt(r.queryParam("page"));
      int pages = board.pages(2);
      return Reply.json(200, board.page(page, 2))
          .with("X-Page", Integer.toString(page))
          .with("X-Per-Page", "2")
          .with("X-Total", Integer.toString(board.bodies().size()))
          .with("X-Total-Pages", Integer.toString(pages))
          .with("X-Next-Page", page < pages ? Integer.toString(page + 1) : "")
          .with("X-Prev-Page", page > 1 ? Integer.toString(page - 1) : "");
    }
    if (r.method().equals("POST") && r.path().equals(NOTES)) {
      return Reply.json(201, board.add(CommentBoard.body(r.json())));
    }
    if (r.method().equals("PUT") && r.path().startsWith(NOTES + "/")) {
      return Reply.json(
          200, board.edit(CommentBoard.idFromPath(r.path()), CommentBoard.body(r.json())));
    }
    if (r.method().equals("POST") && r.path().equals(STATUSES)) {
      ObjectNode status =
          FakeForge.JSON
              .createObjectNode()
              .put("id", 93 + posted.size())
              .put("sha", SHA)
              .putNull("ref")
              .put("status", r.json().path("state").asText())
              .put("name", r.json().path("name").asText())
              .put("target_url", r.json().path("target_url").asText(null))
              .put("description", r.json().path("description").asText(null))
              .put("allow_failure", false)
              .put("created_at", "2016-01-19T09:05:50.355Z");
      posted.add(status);
      return Reply.json(201, status);
    }
    if (r.method().equals("GET") && r.path().equals(COMMIT_STATUSES)) {
      // Without all=true, the latest status of each name; filtered by name when asked.
      com.fasterxml.jackson.databind.node.ArrayNode latest = FakeForge.JSON.createArrayNode();
      java.util.Map<String, ObjectNode> byName = new java.util.LinkedHashMap<>();
      posted.forEach(p -> byName.put(p.path("name").asText(), p));
      byName.values().stream()
          .filter(
              p ->
                  r.queryParam("name") == null
                      || java.net.URLDecoder.decode(
                              r.queryParam("name"), java.nio.charset.StandardCharsets.UTF_8)
                          .equals(p.path("name").asText()))
          .forEach(latest::add);
      return Reply.json(200, latest);
    }
    return Reply.json(404, "{\"message\":\"404 Project Not Found\"}");
  }

  @Test
  void setsACommitStatusOnTheUrlEncodedProjectPath() {
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
    assertThat(request.header("PRIVATE-TOKEN")).isEqualTo(TestConnections.TOKEN);
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.json())
        .isEqualTo(
            FakeForge.json(
                """
        {"state": "success", "name": "orrery/team-a.apps",
         "target_url": "https://orrery.example.com/sources/team-a/apps", "description": "Applied 12 objects"}"""));
  }

  @ParameterizedTest
  @CsvSource({"PENDING,pending", "SUCCESS,success", "FAILURE,failed", "ERROR,failed"})
  void mapsEachStateToGitLabsName(CommitStatus.State state, String gitlab) {
    client.setCommitStatus(REPO, SHA, new CommitStatus(state, "orrery/x", null, null));

    assertThat(forge.requests().get(0).json().path("state").asText()).isEqualTo(gitlab);
  }

  @Test
  void repeatingTheStateTheCommitAlreadyHasIsNotAFailure() {
    forge.script(
        "POST",
        STATUSES,
        Reply.json(
            400,
            "{\"message\":\"Cannot transition status via :enqueue from :pending (Reason(s): Status cannot transition via"
                + " \\\"enqueue\\\")\"}"));

    client.setCommitStatus(
        REPO, SHA, new CommitStatus(CommitStatus.State.PENDING, "orrery/x", null, null));

    assertThat(forge.lines()).containsExactly("POST " + STATUSES);
  }

  @Test
  void readsTheNewestStatusOfTheContextAsGitLabKeepsIt() {
    assertThat(client.currentCommitStatus(REPO, SHA, "orrery/team-a.apps")).isEmpty();
    CommitStatus error =
        new CommitStatus(
            CommitStatus.State.ERROR,
            "orrery/team-a.apps",
            "x".repeat(300),
            URI.create("https://orrery.example.com/s"));
    client.setCommitStatus(REPO, SHA, error);
    client.setCommitStatus(
        REPO, SHA, new CommitStatus(CommitStatus.State.PENDING, "orrery/other", null, null));

    assertThat(client.currentCommitStatus(REPO, SHA, "orrery/team-a.apps"))
        .contains(client.asStored(error));
    assertThat(client.asStored(error).state()).isEqualTo(CommitStatus.State.FAILURE);
    assertThat(client.asStored(error).description()).hasSize(GitLabClient.DESCRIPTION_LIMIT);
    assertThat(forge.lines())
        .contains("GET " + COMMIT_STATUSES + "?name=orrery%2Fteam-a.apps&per_page=100");
  }

  @Test
  void aRunningOrCanceledStatusIsReadAsPendingOrFailed() {
    forge.script(
        "GET",
        COMMIT_STATUSES,
        Reply.json(
            200,
            "[{\"id\": 7, \"name\": \"orrery/x\", \"status\": \"running\"},"
                + " {\"id\": 9, \"name\": \"orrery/x\", \"status\": \"canceled\"}]"));

    assertThat(client.currentCommitStatus(REPO, SHA, "orrery/x"))
        .map(CommitStatus::state)
        .contains(CommitStatus.State.FAILURE);
  }

  @Test
  void anyOtherBadRequestFailsFast() {
    forge.script(
        "POST", STATUSES, Reply.json(400, "{\"message\":\"400 Bad request - state is missing\"}"));

    ForgeException e =
        catchThrowableOfType(
            () ->
                client.setCommitStatus(
                    REPO,
                    SHA,
                    new CommitStatus(CommitStatus.State.SUCCESS, "orrery/x", null, null)),
            ForgeException.class);

    assertThat(forge.lines()).hasSize(1);
    assertThat(e.getMessage())
        .isEqualTo(
            "GitLab POST " + STATUSES + " failed: HTTP 400 (400 Bad request - state is missing)");
  }

  @Test
  void followsXNextPageToTheMarkedNoteAndPutsTheNewBody() {
    board.add("LGTM");
    board.add("please rebase");
    long ours = board.add(TAG + "\nold").path("id").asLong();
    board.add("thanks");

    assertThat(client.upsertPullRequestComment(REPO, 5, "team-a.apps", "new"))
        .isEqualTo(CommentAction.UPDATED);

    String list = "GET " + NOTES + "?sort=asc&order_by=created_at&per_page=100&page=";
    assertThat(forge.lines()).containsExactly(list + 1, list + 2, "PUT " + NOTES + "/" + ours);
    assertThat(forge.requests().get(2).json())
        .isEqualTo(FakeForge.JSON.createObjectNode().put("body", TAG + "\nnew"));
  }

  @Test
  void ignoresSystemNotesThatQuoteTheMarker() {
    CommentBoard withSystem = new CommentBoard(401, (id, body) -> note(id, body, true));
    forge.fallback(
        r ->
            r.method().equals("GET") && r.path().equals(NOTES)
                ? Reply.json(200, withSystem.all()).with("X-Next-Page", "")
                : gitlab(r));
    withSystem.add("changed the description: " + TAG);

    assertThat(client.upsertPullRequestComment(REPO, 5, "team-a.apps", "r"))
        .isEqualTo(CommentAction.CREATED);
    assertThat(forge.lines()).last().isEqualTo("POST " + NOTES);
  }

  @Test
  void createsOnceThenUpdatesNeverDuplicating() {
    board.add("LGTM");
    board.add("please rebase");
    board.add("thanks");

    assertThat(client.upsertPullRequestComment(REPO, 5, "team-a.apps", "r1"))
        .isEqualTo(CommentAction.CREATED);
    assertThat(client.upsertPullRequestComment(REPO, 5, "team-a.apps", "r1"))
        .isEqualTo(CommentAction.UNCHANGED);
    assertThat(client.upsertPullRequestComment(REPO, 5, "team-a.apps", "r2"))
        .isEqualTo(CommentAction.UPDATED);

    assertThat(board.bodies()).containsExactly("LGTM", "please rebase", "thanks", TAG + "\nr2");
  }

  @Test
  void honoursRetryAfterOnTooManyRequests() {
    forge.script(
        "POST",
        STATUSES,
        Reply.json(429, "{\"message\":\"Retry later\"}")
            .with("Retry-After", "12")
            .with("RateLimit-Remaining", "0")
            .with("RateLimit-Reset", "1"));

    client.setCommitStatus(
        REPO, SHA, new CommitStatus(CommitStatus.State.SUCCESS, "orrery/x", null, null));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
    assertThat(forge.lines()).hasSize(2);
  }

  @Test
  void waitsForRateLimitResetWhenThereIsNoRetryAfter() {
    String reset = Long.toString(ManualTime.START.plusSeconds(4).getEpochSecond());
    forge.script(
        "POST",
        STATUSES,
        Reply.json(429, "{\"message\":\"Retry later\"}")
            .with("RateLimit-Remaining", "0")
            .with("RateLimit-Reset", reset));

    client.setCommitStatus(
        REPO, SHA, new CommitStatus(CommitStatus.State.SUCCESS, "orrery/x", null, null));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void retriesAGatewayTimeoutThenSucceeds() {
    forge.script("GET", NOTES, Reply.json(504, "<html>504 Gateway Time-out</html>"));

    assertThat(client.upsertPullRequestComment(REPO, 5, "team-a.apps", "r"))
        .isEqualTo(CommentAction.CREATED);

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(75));
    assertThat(board.bodies()).containsExactly(TAG + "\nr");
  }

  @Test
  void worksWithASelfHostedGitLabUnderAPath() {
    GitLabClient selfHosted =
        new GitLabClient(TestConnections.of(URI.create(forge.base() + "/gitlab/"), time));
    forge.script("POST", "/gitlab" + STATUSES, Reply.json(201, "{\"id\":1}"));

    selfHosted.setCommitStatus(
        REPO, SHA, new CommitStatus(CommitStatus.State.SUCCESS, "orrery/x", null, null));

    assertThat(forge.lines()).containsExactly("POST /gitlab" + STATUSES);
  }
}
