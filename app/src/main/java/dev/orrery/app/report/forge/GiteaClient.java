package dev.orrery.app.report.forge;

import dev.orrery.gitsource.webhook.Forge;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gitea's REST API under {@code /api/v1} (also Forgejo's): commit statuses through {@code POST
 * /repos/{owner}/{repo}/statuses/{sha}}, pull-request comments through the issue comments
 * endpoints, authenticated with {@code Authorization: token ...}. The base URL is the Gitea
 * server's ({@code http://127.0.0.1:3000}), without {@code /api/v1}.
 */
public final class GiteaClient extends GitHubCompatibleClient {
  static final String API = "/api/v1";
  private static final int LIMIT = 50;

  /** A client for the Gitea server at {@code connection.baseUrl()}. */
  public GiteaClient(ForgeConnection connection) {
    super(Forge.GITEA, connection, headers(connection.token()));
  }

  private static Map<String, String> headers(ForgeToken token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "token " + token.value());
    headers.put("Accept", "application/json");
    headers.put("User-Agent", "orrery");
    return headers;
  }

  /**
   * Walks the comment pages. Gitea documents {@code page}/{@code limit} for its lists and links the
   * next page in {@code Link}; releases that answer the whole list at once send no such link, and
   * one that pages without a link still tells the total in {@code X-Total-Count}.
   */
  @Override
  Optional<Comment> findComment(RepoRef repo, int number, String tag) {
    String path = repoPath(repo) + "/issues/" + number + "/comments";
    URI page = http.resolve(path + "?page=1&limit=" + LIMIT);
    Set<Long> seen = new HashSet<>();
    for (int pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      ForgeResponse response = http.send("GET", page, null);
      Optional<Comment> found = firstTagged(response, "GET", tag);
      if (found.isPresent()) {
        return found;
      }
      Optional<URI> next = LinkHeader.next(response.headers());
      if (next.isPresent()) {
        page = next.get();
        continue;
      }
      boolean newItems = false;
      for (var item : response.body()) {
        newItems |= seen.add(item.path("id").asLong());
      }
      long total =
          response
              .headers()
              .firstValue("X-Total-Count")
              .map(String::strip)
              .map(GiteaClient::parseLong)
              .orElse(-1L);
      if (!newItems || total < 0 || seen.size() >= total) {
        return Optional.empty();
      }
      page = http.resolve(path + "?page=" + (pageNumber + 1) + "&limit=" + LIMIT);
    }
    throw http.unexpected("GET", page, 200, "more than " + MAX_PAGES + " pages of comments");
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1L;
    }
  }

  @Override
  String repoPath(RepoRef repo) {
    return repoPath(API, repo);
  }
}
