package dev.orrery.app.report.forge;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code rel="next"} target of an RFC 8288 {@code Link} header (GitHub and Gitea
 * pagination).
 */
final class LinkHeader {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
  private static final Pattern REL =
      Pattern.compile(";\\s*rel\\s*=\\s*(\"[^\"]*\"|[^;,\\s]+)", Pattern.CASE_INSENSITIVE);

  private LinkHeader() {}

  static Optional<URI> next(HttpHeaders headers) {
    for (String value : headers.allValues("Link")) {
      Matcher link = LINK.matcher(value);
      while (link.find()) {
        Matcher rel = REL.matcher(link.group(2));
        while (rel.find()) {
          String rels = rel.group(1).replace("\"", "").toLowerCase(Locale.ROOT);
          for (String r : rels.split("\\s+")) {
            if (r.equals("next")) {
              return Optional.of(URI.create(link.group(1).strip()));
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
