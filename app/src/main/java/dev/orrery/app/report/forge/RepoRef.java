package dev.orrery.app.report.forge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * A repository on a forge: its owner (a user or organisation on GitHub and Gitea; the group path,
 * possibly nested, on GitLab) and its name.
 */
public record RepoRef(String owner, String name) {

  public RepoRef {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    if (owner.isBlank() || owner.startsWith("/") || owner.endsWith("/") || owner.contains("//")) {
      throw new IllegalArgumentException("invalid repository owner '" + owner + "'");
    }
    if (name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("invalid repository name '" + name + "'");
    }
  }

  /** {@code owner/name}, GitLab's project path. */
  public String fullPath() {
    return owner + "/" + name;
  }

  /**
   * The repository a clone URL points to: {@code https://github.com/o/r.git}, {@code
   * git@gitlab.com:group/sub/r.git}, {@code ssh://git@host:2222/o/r.git}, {@code
   * http://127.0.0.1:3000/o/r}.
   */
  public static RepoRef parse(String cloneUrl) {
    return parse(cloneUrl, "");
  }

  /**
   * The repository a clone URL points to on a forge served under a path prefix, such as a Gitea at
   * {@code https://example.com/git/}: the forge's web URL tells which leading path to drop.
   */
  public static RepoRef parse(String cloneUrl, URI forgeWebUrl) {
    return parse(cloneUrl, forgeWebUrl.getPath() == null ? "" : forgeWebUrl.getPath());
  }

  private static RepoRef parse(String cloneUrl, String prefix) {
    Objects.requireNonNull(cloneUrl, "cloneUrl");
    String path = trimSlashes(repositoryPath(cloneUrl.strip()));
    String base = trimSlashes(prefix);
    if (!base.isEmpty()) {
      if (!path.startsWith(base + "/")) {
        throw invalid(cloneUrl, "it is not under the forge path /" + base);
      }
      path = path.substring(base.length() + 1);
    }
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - 4);
    }
    path = trimSlashes(path);
    int slash = path.lastIndexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw invalid(cloneUrl, "it has no owner/name path");
    }
    try {
      return new RepoRef(path.substring(0, slash), path.substring(slash + 1));
    } catch (IllegalArgumentException e) {
      throw invalid(cloneUrl, e.getMessage());
    }
  }

  private static String repositoryPath(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      int colon = url.indexOf(':');
      int slash = url.indexOf('/');
      if (colon > 0 && (slash < 0 || colon < slash)) {
        return url.substring(colon + 1); // scp-like: [user@]host:path
      }
      throw invalid(url, "it is neither a URL nor host:path");
    }
    try {
      URI uri = new URI(url);
      if (uri.getPath() == null) {
        throw invalid(url, "it has no path");
      }
      return uri.getPath();
    } catch (URISyntaxException e) {
      throw invalid(url, "it is not a valid URL");
    }
  }

  private static String trimSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }

  private static IllegalArgumentException invalid(String url, String why) {
    return new IllegalArgumentException(
        "cannot tell the repository from clone URL '" + withoutUserInfo(url) + "': " + why);
  }

  /** Clone URLs may carry credentials ({@code https://user:token@host/...}); never echo them. */
  private static String withoutUserInfo(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int hostStart = scheme + 3;
    int pathStart = url.indexOf('/', hostStart);
    int at = url.lastIndexOf('@', pathStart < 0 ? url.length() - 1 : pathStart);
    return at >= hostStart ? url.substring(0, hostStart) + url.substring(at + 1) : url;
  }
}
