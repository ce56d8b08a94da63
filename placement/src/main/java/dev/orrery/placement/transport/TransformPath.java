package dev.orrery.placement.transport;

import dev.orrery.placement.match.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CustomTransform removal path: {@code $} followed by one or more segments, each {@code .name} or
 * {@code ["name"]} (inside brackets {@code \"} and {@code \\} escape). {@code $} alone is an error.
 * Paths only descend through objects (maps); a path that meets a list or a missing field removes
 * nothing.
 *
 * @param text the path as written
 * @param segments the field names, in order
 */
public record TransformPath(String text, List<String> segments) {

  /** Copies the segments and requires at least one. */
  public TransformPath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a path needs at least one segment");
    }
  }

  /** Parses a path; syntax problems come back as the error of the result. */
  public static Parsed<TransformPath> parse(String text) {
    if (text == null || !text.startsWith("$")) {
      return fail(text, "must start with \"$\"");
    }
    if (text.equals("$")) {
      return fail(
          text,
          "\"$\" alone would remove the whole object; name at least one field, e.g. $.spec.replicas");
    }
    List<String> segments = new ArrayList<>();
    int i = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        if (end == i + 1) {
          return fail(text, "empty field name after \".\" at position " + i);
        }
        segments.add(text.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '"') {
          return fail(text, "expected [\"name\"] at position " + i);
        }
        StringBuilder name = new StringBuilder();
        int j = i + 2;
        boolean closed = false;
        while (j < text.length()) {
          char d = text.charAt(j);
          if (d == '\\'
              && j + 1 < text.length()
              && (text.charAt(j + 1) == '"' || text.charAt(j + 1) == '\\')) {
            name.append(text.charAt(j + 1));
            j += 2;
          } else if (d == '"') {
            closed = true;
            break;
          } else {
            name.append(d);
            j++;
          }
        }
        if (!closed || j + 1 >= text.length() || text.charAt(j + 1) != ']') {
          return fail(text, "unterminated [\"...\"] starting at position " + i);
        }
        if (name.length() == 0) {
          return fail(text, "empty field name in [\"\"] at position " + i);
        }
        segments.add(name.toString());
        i = j + 2;
      } else {
        return fail(
            text, "unexpected '" + c + "' at position " + i + " (want \".name\" or [\"name\"])");
      }
    }
    return Parsed.ok(new TransformPath(text, segments));
  }

  /** Removes the addressed field from {@code object} in place, if it exists. */
  @SuppressWarnings("unchecked")
  void removeFrom(Map<String, Object> object) {
    Map<String, Object> current = object;
    for (int i = 0; i < segments.size() - 1; i++) {
      if (!(current.get(segments.get(i)) instanceof Map<?, ?> next)) {
        return;
      }
      current = (Map<String, Object>) next;
    }
    current.remove(segments.get(segments.size() - 1));
  }

  private static Parsed<TransformPath> fail(String text, String problem) {
    return Parsed.failed(List.of("path \"" + text + "\": " + problem));
  }
}
