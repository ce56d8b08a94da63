package dev.orrery.app.report.forge;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The hidden HTML comment, {@code <!-- orrery:<marker> -->}, by which Orrery finds its own
 * pull-request comment again to update it in place.
 */
public final class CommentMarker {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@=+-]{0,199}");

  private CommentMarker() {}

  /** The hidden tag for a marker such as {@code team-a.apps} or {@code gitsource/team-a/apps}. */
  public static String tag(String marker) {
    Objects.requireNonNull(marker, "marker");
    if (!VALID.matcher(marker).matches() || marker.contains("--")) {
      throw new IllegalArgumentException(
          "a comment marker is 1-200 of [A-Za-z0-9._:/@=+-], starts with a letter or"
              + " digit and has no '--': '"
              + marker
              + "'");
    }
    return "<!-- orrery:" + marker + " -->";
  }

  /**
   * The comment body carrying the tag on its first line (added once: a body that has it is kept).
   */
  public static String mark(String tag, String body) {
    Objects.requireNonNull(body, "body");
    return body.contains(tag) ? body : tag + "\n" + body;
  }

  /** Whether two comment bodies say the same, ignoring line-ending style and surrounding blanks. */
  static boolean sameBody(String a, String b) {
    return normalise(a).equals(normalise(b));
  }

  private static String normalise(String text) {
    return text == null ? "" : text.replace("\r\n", "\n").strip();
  }
}
