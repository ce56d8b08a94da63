package dev.orrery.app.gitsource;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Git URLs a GitSource may name, checked before anything is fetched: a URL is untrusted input
 * (whoever may write a GitSource chooses it), and Orrery fetches from inside the cluster, so a URL
 * could make it read its own file system or reach addresses only it can reach.
 *
 * <ul>
 *   <li>{@code file://} URLs and bare local paths ({@code /srv/repo.git}, {@code ./repo}) read
 *       Orrery's file system: refused unless {@code allowFile} ({@code orrery.git.allow-file-urls},
 *       default false).
 *   <li>Link-local hosts ({@code 169.254.0.0/16}, {@code fe80::/10}: cloud metadata services) are
 *       refused unless {@code allowLinkLocal} ({@code orrery.git.allow-link-local-urls}, default
 *       false).
 *   <li>Loopback hosts ({@code 127.0.0.0/8}, {@code ::1}, {@code 0.0.0.0}, {@code localhost} and
 *       {@code *.localhost}) reach Orrery's own pod: allowed by default ({@code
 *       orrery.git.allow-loopback-urls}, default true, because the demo and local set-ups serve Git
 *       there); set it to false in a shared cluster.
 *   <li>An IPv4 host written in another form than four decimal parts ({@code 2130706433}, {@code
 *       0x7f.1}, {@code 0177.0.0.1}) is refused: some resolvers read them as addresses this check
 *       would not recognise.
 * </ul>
 *
 * Host names are judged by name only: a name that a DNS server resolves to a loopback or link-local
 * address is not caught here (network policy is the place for that).
 */
public record GitUrlPolicy(boolean allowFile, boolean allowLoopback, boolean allowLinkLocal) {

  /** The defaults: no {@code file://}, no link-local, loopback allowed. */
  public static final GitUrlPolicy DEFAULTS = new GitUrlPolicy(false, true, false);

  private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)[0-9a-fx.]+");
  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

  /** Why {@code url} is refused, naming the setting that would allow it; empty when allowed. */
  public Optional<String> refusal(String url) {
    String trimmed = url == null ? "" : url.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("file:") || lower.startsWith("/") || lower.startsWith(".")) {
      return allowFile
          ? Optional.empty()
          : refused(url, "it reads Orrery's own file system", "orrery.git.allow-file-urls");
    }
    String host = host(trimmed);
    if (host == null) {
      return Optional.empty(); // not a URL this policy judges; the fetch reports it
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return loopback(url);
    }
    boolean ipv6 = host.contains(":");
    if (!ipv6
        && NUMERIC_HOST.matcher(host).matches()
        && host.chars().anyMatch(Character::isDigit)) {
      if (!DOTTED_QUAD.matcher(host).matches()) {
        return Optional.of(
            "spec.url '"
                + url
                + "' is refused: its host '"
                + host
                + "' is a number not written as four decimal parts");
      }
    } else if (!ipv6) {
      return Optional.empty(); // a name
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host); // a literal: no lookup
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return loopback(url);
    }
    if (address.isLinkLocalAddress()) {
      return allowLinkLocal
          ? Optional.empty()
          : refused(
              url,
              "its host is a link-local address (such as a cloud metadata service)",
              "orrery.git.allow-link-local-urls");
    }
    return Optional.empty();
  }

  private Optional<String> loopback(String url) {
    return allowLoopback
        ? Optional.empty()
        : refused(url, "its host is this machine (loopback)", "orrery.git.allow-loopback-urls");
  }

  private static Optional<String> refused(String url, String why, String setting) {
    return Optional.of(
        "spec.url '" + url + "' is refused: " + why + " (allowed only with " + setting + "=true)");
  }

  /** The host of a URL or of scp-like {@code [user@]host:path}; null when there is none. */
  private static String host(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      int colon = url.indexOf(':');
      int slash = url.indexOf('/');
      if (colon <= 0 || (slash >= 0 && slash < colon)) {
        return null;
      }
      String authority = url.substring(0, colon);
      return authority.substring(authority.lastIndexOf('@') + 1);
    }
    String rest = url.substring(scheme + 3);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String authority = rest.substring(0, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority : authority.substring(0, close + 1);
    }
    int colon = authority.lastIndexOf(':');
    String host = colon >= 0 ? authority.substring(0, colon) : authority;
    try {
      // Percent-encoded hosts are decoded as a Git client would.
      return URLDecoder.decode(host, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return host;
    }
  }
}
