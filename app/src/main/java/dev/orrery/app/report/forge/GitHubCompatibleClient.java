package dev.orrery.app.report.forge;

import static dev.orrery.app.report.forge.Texts.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orrery.gitsource.webhook.Forge;
import java.util.Locale;
import java.util.Map;

/**
 * The endpoints GitHub defines and Gitea follows: {@code POST <repo>/statuses/{sha}}, and a pull
 * request's comments as the comments of its issue ({@code POST <repo>/issues/{n}/comments}, {@code
 * PATCH <repo>/issues/comments/{id}}). Subclasses say where a repository's API is, how long a
 * status description may be, and how to page through comments.
 */
abstract class GitHubCompatibleClient extends AbstractForgeClient {

  GitHubCompatibleClient(Forge kind, ForgeConnection connection, Map<String, String> headers) {
    super(kind, connection, headers);
  }

  /** The API path of a repository, e.g. {@code /repos/{owner}/{repo}}. */
  abstract String repoPath(RepoRef repo);

  /** A status description as this forge accepts it (as given, unless it has a length limit). */
  String description(String description) {
    return description;
  }

  /** The path of a repository under {@code prefix}: {@code prefix/repos/{owner}/{repo}}. */
  static String repoPath(String prefix, RepoRef repo) {
    return prefix + "/repos/" + segment(repo.owner()) + "/" + segment(repo.name());
  }

  @Override
  final void postStatus(RepoRef repo, String sha, CommitStatus status) {
    ObjectNode body = object().put("state", status.state().name().toLowerCase(Locale.ROOT));
    if (status.targetUrl() != null) {
      body.put("target_url", status.targetUrl().toString());
    }
    if (status.description() != null) {
      body.put("description", description(status.description()));
    }
    body.put("context", status.context());
    http.send("POST", repoPath(repo) + "/statuses/" + segment(sha), body);
  }

  @Override
  final void createComment(RepoRef repo, int number, String body) {
    http.send("POST", repoPath(repo) + "/issues/" + number + "/comments", bodyOnly(body));
  }

  @Override
  final void updateComment(RepoRef repo, int number, long commentId, String body) {
    http.send("PATCH", repoPath(repo) + "/issues/comments/" + commentId, bodyOnly(body));
  }
}
