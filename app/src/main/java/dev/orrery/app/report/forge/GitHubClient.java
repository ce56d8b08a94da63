package dev.orrery.app.report.forge;

import dev.orrery.gitsource.webhook.Forge;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's REST API (github.com, or GitHub Enterprise Server under {@code /api/v3}): commit
 * statuses through {@code POST /repos/{owner}/{repo}/statuses/{sha}}, pull-request comments through
 * the issue comments endpoints (every pull request is an issue).
 */
public final class GitHubClient extends GitHubCompatibleClient {
  /** The API of github.com. */
  public static final URI CLOUD_API = URI.create("https://api.github.com");

  static final String API_VERSION = "2022-11-28";
  static final int DESCRIPTION_LIMIT = 140;
  static final int COMMENT_LIMIT = 65_536;
  private static final int PER_PAGE = 100;

  /**
   * A client for the API at {@code connection.baseUrl()} ({@link #CLOUD_API} or {@link
   * #enterpriseApi}).
   */
  public GitHubClient(ForgeConnection connection) {
    super(Forge.GITHUB, connection, headers(connection.token()));
  }

  /**
   * The API base of a GitHub Enterprise Server at {@code https://host}: {@code
   * https://host/api/v3}.
   */
  public static URI enterpriseApi(URI serverUrl) {
    String base = serverUrl.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/api/v3");
  }

  private static Map<String, String> headers(ForgeToken token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token.value());
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", API_VERSION);
    headers.put("User-Agent", "orrery");
    return headers;
  }

  @Override
  Optional<Comment> findComment(RepoRef repo, int number, String tag) {
    URI page =
        http.resolve(
            repoPath(repo) + "/issues/" + number + "/comments?per_page=" + PER_PAGE + "&page=1");
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      ForgeResponse response = http.send("GET", page, null);
      Optional<Comment> found = firstTagged(response, "GET", tag);
      if (found.isPresent()) {
        return found;
      }
      Optional<URI> next = LinkHeader.next(response.headers());
      if (next.isEmpty()) {
        return Optional.empty();
      }
      page = next.get();
    }
    throw http.unexpected("GET", page, 200, "more than " + MAX_PAGES + " pages of comments");
  }

  @Override
  String limitBody(String body) {
    return Texts.truncate(body, COMMENT_LIMIT);
  }

  @Override
  String repoPath(RepoRef repo) {
    return repoPath("", repo);
  }

  @Override
  String description(String description) {
    return Texts.truncate(description, DESCRIPTION_LIMIT);
  }
}
