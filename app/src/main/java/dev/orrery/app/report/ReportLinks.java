package dev.orrery.app.report;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The links commit statuses carry to their details: Orrery's placement report of the GitSource
 * ({@link GitSourcePlacementController}), when {@code orrery.external-url} says where Orrery is
 * reachable; none otherwise.
 */
public record ReportLinks(String externalUrl) {

  /** The placement report of one GitSource, or null without an external URL. */
  public URI gitSource(String namespace, String name) {
    if (externalUrl == null || externalUrl.isBlank()) {
      return null;
    }
    String base = externalUrl.replaceAll("/+$", "");
    return URI.create(
        base
            + "/api/v1/namespaces/"
            + segment(namespace)
            + "/gitsources/"
            + segment(name)
            + "/placement");
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
