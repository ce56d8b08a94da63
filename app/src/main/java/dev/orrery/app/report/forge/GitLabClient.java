package dev.orrery.app.report.forge;

import static dev.orrery.app.report.forge.Texts.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orrery.gitsource.webhook.Forge;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * GitLab's REST API under {@code /api/v4}: commit statuses through {@code POST
 * /projects/{id}/statuses/{sha}} and merge-request notes, with the project addressed by its
 * URL-encoded path ({@code group%2Fsub%2Frepo}) and {@code PRIVATE-TOKEN} authentication. The base
 * URL is the GitLab server's ({@link #CLOUD}), without {@code /api/v4}.
 */
public final class GitLabClient extends AbstractForgeClient {
  /** gitlab.com. */
  public static final URI CLOUD = URI.create("https://gitlab.com");

  static final String API = "/api/v4";

  /** A conservative cap: GitLab documents no limit, and a short description is all the UI shows. */
  static final int DESCRIPTION_LIMIT = 255;

  static final int COMMENT_LIMIT = 1_000_000;
  private static final int PER_PAGE = 100;

  /** A client for the GitLab server at {@code connection.baseUrl()}. */
  public GitLabClient(ForgeConnection connection) {
    super(Forge.GITLAB, connection, headers(connection.token()));
  }

  private static Map<String, String> headers(ForgeToken token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("PRIVATE-TOKEN", token.value());
    headers.put("Accept", "application/json");
    headers.put("User-Agent", "orrery");
    return headers;
  }

  /** GitLab's name for a state; it has no {@code error}, so errors are {@code failed} too. */
  static String state(CommitStatus.State state) {
    return switch (state) {
      case PENDING -> "pending";
      case SUCCESS -> "success";
      case FAILURE, ERROR -> "failed";
    };
  }

  /**
   * Posts the status. GitLab treats a commit status as a state machine and answers 400 "Cannot
   * transition status via :enqueue from :pending" when the context already has the requested state;
   * the commit then says what was wanted, so that answer counts as done.
   */
  @Override
  void postStatus(RepoRef repo, String sha, CommitStatus status) {
    String state = state(status.state());
    ObjectNode body = object().put("state", state).put("name", status.context());
    if (status.targetUrl() != null) {
      body.put("target_url", status.targetUrl().toString());
    }
    if (status.description() != null) {
      body.put("description", Texts.truncate(status.description(), DESCRIPTION_LIMIT));
    }
    try {
      http.send("POST", projectPath(repo) + "/statuses/" + segment(sha), body);
    } catch (ForgeException e) {
      boolean alreadyThere =
          e.status() == 400
              && e.detail().startsWith("Cannot transition status via")
              && e.detail().contains(" from :" + state);
      if (!alreadyThere) {
        throw e;
      }
    }
  }

  /**
   * The newest status named {@code context} on the commit, from {@code GET
   * /projects/{id}/repository/commits/{sha}/statuses?name=...} (which lists only the latest status
   * per name unless asked for all). GitLab's {@code created} and {@code running} read as pending,
   * {@code canceled} as failed; an unknown project or commit as none.
   */
  @Override
  public Optional<CommitStatus> currentCommitStatus(RepoRef repo, String sha, String context) {
    Objects.requireNonNull(context, "context");
    String path =
        projectPath(repo)
            + "/repository/commits/"
            + segment(sha)
            + "/statuses?name="
            + URLEncoder.encode(context, StandardCharsets.UTF_8)
            + "&per_page="
            + PER_PAGE;
    return retry(
        "read commit status",
        () -> {
          ForgeResponse response;
          try {
            response = http.send("GET", path, null);
          } catch (ForgeException e) {
            if (e.status() == 404) {
              return Optional.empty();
            }
            throw e;
          }
          JsonNode newest = null;
          for (JsonNode item : response.body()) {
            if (context.equals(item.path("name").asText())
                && (newest == null || item.path("id").asLong() > newest.path("id").asLong())) {
              newest = item;
            }
          }
          return Optional.ofNullable(newest).map(item -> parseStatus(item, context));
        });
  }

  /**
   * As GitLab keeps it: errors are {@code failed}, descriptions cut to {@link #DESCRIPTION_LIMIT}.
   */
  @Override
  public CommitStatus asStored(CommitStatus status) {
    return new CommitStatus(
        status.state() == CommitStatus.State.ERROR ? CommitStatus.State.FAILURE : status.state(),
        status.context(),
        status.description() == null
            ? null
            : Texts.truncate(status.description(), DESCRIPTION_LIMIT),
        status.targetUrl());
  }

  private static CommitStatus parseStatus(JsonNode item, String context) {
    CommitStatus.State state =
        switch (item.path("status").asText()) {
          case "success" -> CommitStatus.State.SUCCESS;
          case "failed", "canceled" -> CommitStatus.State.FAILURE;
          default -> CommitStatus.State.PENDING;
        };
    return returnedStatus(item, context, state);
  }

  /** Walks the notes oldest first, following {@code X-Next-Page}; system notes are skipped. */
  @Override
  Optional<Comment> findComment(RepoRef repo, int number, String tag) {
    String path =
        projectPath(repo)
            + "/merge_requests/"
            + number
            + "/notes?sort=asc&order_by=created_at&per_page="
            + PER_PAGE
            + "&page=";
    int page = 1;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      ForgeResponse response = http.send("GET", path + page, null);
      Optional<Comment> found = firstTagged(response, "GET", tag);
      if (found.isPresent()) {
        return found;
      }
      Optional<Integer> next =
          response
              .headers()
              .firstValue("X-Next-Page")
              .map(String::strip)
              .filter(v -> !v.isEmpty())
              .map(GitLabClient::parsePage);
      if (next.isEmpty() || next.get() <= page) {
        return Optional.empty();
      }
      page = next.get();
    }
    throw http.unexpected(
        "GET", http.resolve(path + page), 200, "more than " + MAX_PAGES + " pages of notes");
  }

  @Override
  void createComment(RepoRef repo, int number, String body) {
    http.send("POST", projectPath(repo) + "/merge_requests/" + number + "/notes", bodyOnly(body));
  }

  @Override
  void updateComment(RepoRef repo, int number, long commentId, String body) {
    http.send(
        "PUT",
        projectPath(repo) + "/merge_requests/" + number + "/notes/" + commentId,
        bodyOnly(body));
  }

  @Override
  void checkRepo(RepoRef repo) {
    // GitLab namespaces nest: group/subgroup/project is valid.
  }

  @Override
  String limitBody(String body) {
    return Texts.truncate(body, COMMENT_LIMIT);
  }

  private static Integer parsePage(String value) {
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String projectPath(RepoRef repo) {
    return API + "/projects/" + segment(repo.fullPath());
  }
}
