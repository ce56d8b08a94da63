package dev.orrery.app.report.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orrery.gitsource.webhook.Forge;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the three forge clients share: argument checks, retries, and the find-then-edit-or-create
 * logic of the pull-request comment. The whole find-and-write is retried as one attempt, so a
 * create that failed after the forge stored it is found, not repeated, on the next attempt.
 */
abstract class AbstractForgeClient implements ForgeClient {
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

  /** A guard against a forge that keeps announcing a next page. */
  static final int MAX_PAGES = 1000;

  /** A comment found on a pull request. */
  record Comment(long id, String body) {}

  final ForgeHttp http;
  private final Retrier retrier;

  AbstractForgeClient(Forge kind, ForgeConnection connection, Map<String, String> headers) {
    this.http = new ForgeHttp(kind, connection, headers);
    this.retrier = new Retrier(connection);
  }

  @Override
  public final Forge kind() {
    return http.forge();
  }

  @Override
  public final URI endpoint() {
    return http.connection().baseUrl();
  }

  @Override
  public final void setCommitStatus(RepoRef repo, String sha, CommitStatus status) {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(status, "status");
    if (sha == null || !SHA.matcher(sha).matches()) {
      throw new IllegalArgumentException("not a commit SHA: '" + sha + "'");
    }
    checkRepo(repo);
    retrier.run(
        kind(),
        "commit status",
        () -> {
          postStatus(repo, sha, status);
          return null;
        });
  }

  @Override
  public final CommentAction upsertPullRequestComment(
      RepoRef repo, int number, String marker, String body) {
    Objects.requireNonNull(repo, "repo");
    if (number < 1) {
      throw new IllegalArgumentException("a pull request number is positive: " + number);
    }
    String tag = CommentMarker.tag(marker);
    String text = limitBody(CommentMarker.mark(tag, body));
    checkRepo(repo);
    return retrier.run(
        kind(),
        "pull request comment",
        () -> {
          Optional<Comment> existing = findComment(repo, number, tag);
          if (existing.isEmpty()) {
            createComment(repo, number, text);
            return CommentAction.CREATED;
          }
          if (CommentMarker.sameBody(existing.get().body(), text)) {
            return CommentAction.UNCHANGED;
          }
          updateComment(repo, number, existing.get().id(), text);
          return CommentAction.UPDATED;
        });
  }

  /** Runs one operation with this client's retries. */
  <T> T retry(String operation, Retrier.Attempt<T> attempt) {
    return retrier.run(kind(), operation, attempt);
  }

  /** Rejects repositories this forge cannot have (GitHub and Gitea owners are one segment). */
  void checkRepo(RepoRef repo) {
    if (repo.owner().contains("/")) {
      throw new IllegalArgumentException(
          kind().displayName()
              + " repositories have a single-segment owner, not '"
              + repo.owner()
              + "'");
    }
  }

  /** The comment body within the forge's size limit. */
  String limitBody(String body) {
    return body;
  }

  abstract void postStatus(RepoRef repo, String sha, CommitStatus status);

  abstract Optional<Comment> findComment(RepoRef repo, int number, String tag);

  abstract void createComment(RepoRef repo, int number, String body);

  abstract void updateComment(RepoRef repo, int number, long commentId, String body);

  /** The first comment of a JSON page whose body holds the tag. */
  Optional<Comment> firstTagged(ForgeResponse page, String method, String tag) {
    JsonNode items = page.body();
    if (!items.isArray()) {
      throw http.unexpected(method, page.uri(), page.status(), "a list of comments was expected");
    }
    for (JsonNode item : items) {
      JsonNode body = item.path("body");
      if (body.isTextual()
          && body.asText().contains(tag)
          && !item.path("system").asBoolean(false)) {
        if (!item.path("id").canConvertToLong()) {
          throw http.unexpected(method, page.uri(), page.status(), "a comment without an id");
        }
        return Optional.of(new Comment(item.path("id").asLong(), body.asText()));
      }
    }
    return Optional.empty();
  }

  /**
   * A commit status as a forge returned it, in {@code state} as that forge's client reads it: its
   * {@code description} and {@code target_url} (one that is not a URI counts as none).
   */
  static CommitStatus returnedStatus(JsonNode item, String context, CommitStatus.State state) {
    String description = item.hasNonNull("description") ? item.path("description").asText() : null;
    String target = item.hasNonNull("target_url") ? item.path("target_url").asText() : "";
    URI url;
    try {
      url = target.isEmpty() ? null : URI.create(target);
    } catch (IllegalArgumentException e) {
      url = null;
    }
    return new CommitStatus(state, context, description, url);
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ObjectNode bodyOnly(String body) {
    return object().put("body", body);
  }
}
