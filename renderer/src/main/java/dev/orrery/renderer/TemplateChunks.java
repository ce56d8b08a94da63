package dev.orrery.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Locates rendered Helm documents in their template's source. Helm prints a template's documents
 * sorted by kind (its install order), not in template order, so a document's line cannot be counted
 * from Helm's output. Instead the raw template is split at its {@code ---} lines into chunks, each
 * with the line of its first content (not blank, not a comment, not a line holding only a template
 * action) and its literal {@code kind}; rendered documents are then matched to chunks of the same
 * kind in template order. A chunk whose kind is itself templated matches any kind; documents
 * produced by a loop reuse the last chunk of their kind. This is exact for templates with literal
 * kinds and no loops, and close otherwise.
 */
final class TemplateChunks {

  private static final Pattern KIND =
      Pattern.compile("^kind:\\s*[\"']?([^\"'\\s#]+)[\"']?\\s*(#.*)?$");
  private static final Pattern SEPARATOR = Pattern.compile("^---\\s*$");
  private static final Pattern ACTION_ONLY = Pattern.compile("^\\s*\\{\\{.*\\}\\}\\s*$");

  /**
   * One {@code ---}-separated part of a template: where its content starts, its literal kind or
   * null.
   */
  record Chunk(int line, String kind) {}

  private final List<Chunk> chunks;
  private final boolean[] used;

  private TemplateChunks(List<Chunk> chunks) {
    this.chunks = chunks;
    this.used = new boolean[chunks.size()];
  }

  /** The chunks of a raw template file. */
  static TemplateChunks of(String template) {
    List<Chunk> chunks = new ArrayList<>();
    String[] lines = template.split("\r?\n", -1);
    int start = -1;
    String kind = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (SEPARATOR.matcher(line).matches()) {
        if (start > 0) {
          chunks.add(new Chunk(start, kind));
        }
        start = -1;
        kind = null;
        continue;
      }
      if (start < 0 && isContent(line)) {
        start = i + 1;
      }
      if (kind == null) {
        kind = kindOf(line);
      }
    }
    if (start > 0) {
      chunks.add(new Chunk(start, kind));
    }
    return new TemplateChunks(chunks);
  }

  /** The first content line of {@code text} (1-based), or 1. */
  static int firstContentLine(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (isContent(lines.get(i))) {
        return i + 1;
      }
    }
    return 1;
  }

  /** The literal top-level kind of a document's lines, or null. */
  static String kindOf(List<String> lines) {
    for (String line : lines) {
      String kind = kindOf(line);
      if (kind != null) {
        return kind;
      }
    }
    return null;
  }

  private static String kindOf(String line) {
    Matcher matcher = KIND.matcher(line);
    if (!matcher.matches() || matcher.group(1).contains("{{")) {
      return null;
    }
    return matcher.group(1);
  }

  private static boolean isContent(String line) {
    String trimmed = line.strip();
    return !trimmed.isEmpty() && !trimmed.startsWith("#") && !ACTION_ONLY.matcher(line).matches();
  }

  /** The template line of the next rendered document of {@code kind}, in Helm's output order. */
  int lineFor(String kind) {
    int match = firstUnused(kind, false);
    if (match < 0) {
      match = firstUnused(kind, true);
    }
    if (match >= 0) {
      used[match] = true;
      return chunks.get(match).line();
    }
    for (int i = chunks.size() - 1; i >= 0; i--) {
      if (kind != null && kind.equals(chunks.get(i).kind())) {
        return chunks.get(i).line();
      }
    }
    for (int i = chunks.size() - 1; i >= 0; i--) {
      if (chunks.get(i).kind() == null) {
        return chunks.get(i).line();
      }
    }
    return chunks.isEmpty() ? 1 : chunks.get(0).line();
  }

  private int firstUnused(String kind, boolean templatedKind) {
    for (int i = 0; i < chunks.size(); i++) {
      String chunkKind = chunks.get(i).kind();
      boolean fits = templatedKind ? chunkKind == null : kind != null && kind.equals(chunkKind);
      if (!used[i] && fits) {
        return i;
      }
    }
    return -1;
  }
}
