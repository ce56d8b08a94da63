package dev.orrery.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to render: a tree, the directories or files of it to render (empty means the whole
 * repository) and the namespace Helm releases go to when a chart's {@code orrery.yaml} names none
 * ({@code ""} for none).
 *
 * <p>Paths are normalized: a leading {@code "./"} or {@code "/"} and a trailing {@code "/"} are
 * dropped, and {@code "."} or {@code ""} mean the whole repository. A path with a {@code ".."}
 * segment is rejected.
 */
public record RenderRequest(SourceTree tree, List<String> paths, String defaultNamespace) {

  /** Validates and normalizes the request. */
  public RenderRequest {
    Objects.requireNonNull(tree, "tree");
    List<String> normalized = new ArrayList<>();
    for (String path : paths == null ? List.<String>of() : paths) {
      String p = normalize(Objects.requireNonNull(path, "path"));
      if (p.isEmpty()) {
        normalized.clear();
        break;
      }
      if (!normalized.contains(p)) {
        normalized.add(p);
      }
    }
    paths = List.copyOf(normalized);
    defaultNamespace = defaultNamespace == null ? "" : defaultNamespace;
  }

  /** The whole repository, with the given default namespace. */
  public static RenderRequest wholeTree(SourceTree tree, String defaultNamespace) {
    return new RenderRequest(tree, List.of(), defaultNamespace);
  }

  private static String normalize(String path) {
    String p = path.trim();
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.startsWith("./") ? p.substring(2) : p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals(".")) {
      return "";
    }
    if (!p.isEmpty() && !RepoPaths.isNormalized(p)) {
      throw new IllegalArgumentException("not a valid repository path: '" + path + "'");
    }
    return p;
  }
}
