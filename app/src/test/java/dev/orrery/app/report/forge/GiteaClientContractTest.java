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
 * Gitea's API contract (its swagger: CreateStatusOption, issueGetComments, issueCreateComment,
 * issueEditComment), played by a local server.
 */
class GiteaClientContractTest {
  static final RepoRef REPO = RepoRef.parse("http://127.0.0.1:3000/gitea_admin/apps.git");
  static final String SHA = "cb9be5bd6b1ed70e7f3d8d21cd4fbf3cfee8e8bb";
  static final String STATUSES = "/api/v1/repos/gitea_admin/apps/statuses/" + SHA;
  static final String COMMENTS = "/api/v1/repos/gitea_admin/apps/issues/7/comments";
  static final String TAG = "<!-- orrery:team-a.apps -->";

  FakeForge forge;
  ManualTime time;
  GiteaClient client;
  CommentBoard board;

  @BeforeEach
  void start() {
    forge = new FakeForge();
    time = new ManualTime();
    client = new GiteaClient(TestConnections.of(forge.base(), time));
    board = new CommentBoard(11, GiteaClientContractTest::comment);
  }

  @AfterEach
  void stop() {
    forge.close();
  }

  /** Gitea's documented "Comment" object. */
  static ObjectNode comment(long id, String body) {
    ObjectNode c = FakeForge.JSON.createObjectNode();
    c.put("id", id)
        .put("html_url", "http://127.0.0.1:3000/gitea_admin/apps/pulls/7#issuecomment-" + id)
        .put("pull_request_url", "http://127.0.0.1:3000/gitea_admin/apps/pulls/7")
        .put("issue_url", "");
    c.putObject("user").put("id", 1).put("login", "gitea_admin").put("full_name", "");
    c.put("original_author", "").put("original_author_id", 0).put("body", body);
    c.putArray("assets");
    c.put("created_at", "2025-02-28T10:00:00Z").put("updated_at", "2025-02-28T10:00:00Z");
    return c;
  }

  /**
   * Current Gitea: the whole list in one answer, with {@code X-Total-Count} and no {@code Link}.
   */
  private Reply wholeList(Request r) {
    if (r.method().equals("GET") && r.path().equals(COMMENTS)) {
      return Reply.json(200, board.all())
          .with("X-Total-Count", Integer.toString(board.bodies().size()));
    }
    return writes(r);
  }

  /** A Gitea that pages, two at a time, linking the next page in {@code Link}. */
  private Reply linkedPages(Request r) {
    if (r.method().equals("GET") && r.path().equals(COMMENTS)) {
      int page = Integer.parseInt(r.queryParam("page"));
      Reply reply =
          Reply.json(200, board.page(page, 2))
              .with("X-Total-Count", Integer.toString(board.bodies().size()));
      if (page < board.pages(2)) {
        reply =
            reply.with(
                "Link",
                "<" + forge.base() + COMMENTS + "?limit=2&page=" + (page + 1) + ">; rel=\"next\"");
      }
      return reply;
    }
    return writes(r);
  }

  private Reply writes(Request r) {
    if (r.method().equals("POST") && r.path().equals(COMMENTS)) {
      return Reply.json(201, board.add(CommentBoard.body(r.json())));
    }
    if (r.method().equals("PATCH")
        && r.path().startsWith("/api/v1/repos/gitea_admin/apps/issues/comments/")) {
      return Reply.json(
          200, board.edit(CommentBoard.idFromPath(r.path()), CommentBoard.body(r.json())));
    }
    if (r.method().equals("POST") && r.path().equals(STATUSES)) {
      ObjectNode status =
          FakeForge.JSON
              .createObjectNode()
              .put("id", 3)
              .put("status", r.json().path("state").asText())
              .put("context", r.json().path("context").asText())
              .put("url", forge.base() + STATUSES);
      return Reply.json(201, status);
    }
    return Reply.json(
        404, "{\"errors\":[],\"message\":\"The target couldn't be found.\",\"url\":\"\"}");
  }

  @Test
  void setsACommitStatusWithTokenAuthorisationUnderApiV1() {
    forge.fallback(this::wholeList);

    client.setCommitStatus(
        REPO,
        SHA,
        new CommitStatus(
            CommitStatus.State.FAILURE,
            "orrery/team-a.apps",
            "2 objects failed to apply",
            URI.create("https://orrery.example.com/sources/team-a/apps")));

    assertThat(forge.lines()).containsExactly("POST " + STATUSES);
    Request request = forge.requests().get(0);
    assertThat(request.header("Authorization")).isEqualTo("token " + TestConnections.TOKEN);
    assertThat(request.header("Accept")).isEqualTo("application/json");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.json())
        .isEqualTo(
            FakeForge.json(
                """
        {"state": "failure", "target_url": "https://orrery.example.com/sources/team-a/apps",
         "description": "2 objects failed to apply", "context": "orrery/team-a.apps"}"""));
  }

  @ParameterizedTest
  @CsvSource({"PENDING,pending", "SUCCESS,success", "FAILURE,failure", "ERROR,error"})
  void mapsEachStateToGiteasName(CommitStatus.State state, String gitea) {
    forge.fallback(this::wholeList);

    client.setCommitStatus(REPO, SHA, new CommitStatus(state, "orrery/x", null, null));

    assertThat(forge.requests().get(0).json().path("state").asText()).isEqualTo(gitea);
  }

  @Test
  void findsTheMarkedCommentInTheWholeListAndEditsIt() {
    forge.fallback(this::wholeList);
    board.add("first");
    board.add("second");
    board.add("third");
    long ours = board.add("intro\n" + TAG + "\nold").path("id").asLong();

    assertThat(client.upsertPullRequestComment(REPO, 7, "team-a.apps", "new"))
        .isEqualTo(CommentAction.UPDATED);

    assertThat(forge.lines())
        .containsExactly(
            "GET " + COMMENTS + "?page=1&limit=50",
            "PATCH /api/v1/repos/gitea_admin/apps/issues/comments/" + ours);
    assertThat(forge.requests().get(1).json())
        .isEqualTo(FakeForge.JSON.createObjectNode().put("body", TAG + "\nnew"));
  }

  @Test
  void followsLinkedPagesToTheMarkedComment() {
    forge.fallback(this::linkedPages);
    board.add("first");
    board.add("second");
    long ours = board.add(TAG + "\nold").path("id").asLong();

    assertThat(client.upsertPullRequestComment(REPO, 7, "team-a.apps", "new"))
        .isEqualTo(CommentAction.UPDATED);

    assertThat(forge.lines())
        .containsExactly(
            "GET " + COMMENTS + "?page=1&limit=50",
            "GET " + COMMENTS + "?limit=2&page=2",
            "PATCH /api/v1/repos/gitea_admin/apps/issues/comments/" + ours);
  }

  @Test
  void pagesByNumberWhenTheTotalSaysThereIsMoreButNoLinkIsSent() {
    forge.fallback(
        r -> {
          if (r.method().equals("GET") && r.path().equals(COMMENTS)) {
            int page = Integer.parseInt(r.queryParam("page"));
            return Reply.json(200, board.page(page, 2))
                .with("X-Total-Count", Integer.toString(board.bodies().size()));
          }
          return writes(r);
        });
    board.add("first");
    board.add("second");
    board.add("third");

    assertThat(client.upsertPullRequestComment(REPO, 7, "team-a.apps", "report"))
        .isEqualTo(CommentAction.CREATED);

    assertThat(forge.lines())
        .containsExactly(
            "GET " + COMMENTS + "?page=1&limit=50",
            "GET " + COMMENTS + "?page=2&limit=50",
            "POST " + COMMENTS);
  }

  @Test
  void createsOnceThenUpdatesNeverDuplicating() {
    forge.fallback(this::wholeList);
    board.add("LGTM");

    assertThat(client.upsertPullRequestComment(REPO, 7, "team-a.apps", "r1"))
        .isEqualTo(CommentAction.CREATED);
    assertThat(client.upsertPullRequestComment(REPO, 7, "team-a.apps", "r1"))
        .isEqualTo(CommentAction.UNCHANGED);
    assertThat(client.upsertPullRequestComment(REPO, 7, "team-a.apps", "r2"))
        .isEqualTo(CommentAction.UPDATED);

    assertThat(board.bodies()).containsExactly("LGTM", TAG + "\nr2");
    assertThat(forge.requests().get(1).json())
        .isEqualTo(FakeForge.JSON.createObjectNode().put("body", TAG + "\nr1"));
  }

  @Test
  void retriesAnInternalServerErrorThenSucceeds() {
    forge.fallback(this::wholeList);
    forge.script(
        "POST", STATUSES, Reply.json(500, "{\"message\":\"database is locked\",\"url\":\"\"}"));

    client.setCommitStatus(
        REPO, SHA, new CommitStatus(CommitStatus.State.SUCCESS, "orrery/x", null, null));

    assertThat(forge.lines()).containsExactly("POST " + STATUSES, "POST " + STATUSES);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(75));
  }

  @Test
  void aNotFoundFailsFast() {
    forge.fallback(this::wholeList);

    ForgeException e =
        catchThrowableOfType(
            () ->
                client.setCommitStatus(
                    new RepoRef("gitea_admin", "missing"),
                    SHA,
                    new CommitStatus(CommitStatus.State.SUCCESS, "orrery/x", null, null)),
            ForgeException.class);

    assertThat(forge.lines()).hasSize(1);
    assertThat(e.getMessage())
        .isEqualTo(
            "Gitea POST /api/v1/repos/gitea_admin/missing/statuses/"
                + SHA
                + " failed: HTTP 404 (The target couldn't be found.)");
  }
}
