package dev.orrery.gitsource.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether two Git URLs name the same repository, so a webhook can be matched to a GitSource.
 * Scheme ({@code https}, {@code http}, {@code ssh}, {@code git}), user info, port, scp-like syntax
 * ({@code git@host:owner/repo}), a trailing {@code /} or {@code .git} and the case of the host are
 * ignored; the path is compared case-sensitively.
 */
public final class RepositoryUrls {

  private static final Pattern SCP_LIKE =
      Pattern.compile("^(?:[^@/]+@)?(\\[[^\\]]+\\]|[^:/\\[\\]]+):(?!//)(.+)$");

  private RepositoryUrls() {}

  /** The host and path identifying a repository. */
  public record RepositoryId(String host, String path) {}

  /** Whether {@code a} and {@code b} name the same repository. */
  public static boolean sameRepository(String a, String b) {
    Optional<RepositoryId> idA = parse(a);
    return idA.isPresent() && idA.equals(parse(b));
  }

  /** Whether any of {@code urls} names the same repository as {@code url}. */
  public static boolean matchesAny(Collection<String> urls, String url) {
    Optional<RepositoryId> target = parse(url);
    return target.isPresent() && urls.stream().anyMatch(u -> target.equals(parse(u)));
  }

  /** The repository a URL names, or empty if it is not a remote Git URL. */
  public static Optional<RepositoryId> parse(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String text = url.trim();
    if (text.contains("://")) {
      try {
        URI uri = new URI(text);
        if (uri.getHost() == null || uri.getPath() == null) {
          return Optional.empty();
        }
        return id(uri.getHost(), uri.getPath());
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
    }
    Matcher scp = SCP_LIKE.matcher(text);
    return scp.matches() ? id(scp.group(1), scp.group(2)) : Optional.empty();
  }

  private static Optional<RepositoryId> id(String host, String path) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    String p = path.replaceAll("/{2,}", "/");
    p = p.replaceAll("^/+|/+$", "");
    if (p.regionMatches(true, p.length() - 4, ".git", 0, 4)) {
      p = p.substring(0, p.length() - 4);
    }
    p = p.replaceAll("/+$", "");
    if (h.isEmpty() || p.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RepositoryId(h, p));
  }
}
