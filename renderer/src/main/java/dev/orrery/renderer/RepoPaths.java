package dev.orrery.renderer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Helpers for the {@code '/'}-separated, root-relative paths of a {@link SourceTree}. */
final class RepoPaths {

  private RepoPaths() {}

  /** True when {@code path} is {@code dir} itself or lies below it; the root dir is {@code ""}. */
  static boolean isUnder(String path, String dir) {
    return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
  }

  /** The directory holding {@code path}, {@code ""} for a top-level entry. */
  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last segment of {@code path}. */
  static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code dir + "/" + child}, or {@code child} when {@code dir} is the root. */
  static String join(String dir, String child) {
    if (dir.isEmpty()) {
      return child;
    }
    return child.isEmpty() ? dir : dir + "/" + child;
  }

  /** {@code path} relative to {@code dir}; {@code path} must be under {@code dir}. */
  static String relativize(String path, String dir) {
    if (dir.isEmpty()) {
      return path;
    }
    return path.equals(dir) ? "" : path.substring(dir.length() + 1);
  }

  /**
   * Resolves {@code relative} against directory {@code dir}, collapsing {@code "."} and {@code
   * ".."}; empty when the result would leave the repository or {@code relative} is absolute.
   */
  static Optional<String> resolve(String dir, String relative) {
    if (relative.startsWith("/") || relative.contains("\\")) {
      return Optional.empty();
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : join(dir, relative).split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return Optional.empty();
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return Optional.of(String.join("/", segments));
  }

  /** True for a normalized relative path: non-empty segments, none {@code "."} or {@code ".."}. */
  static boolean isNormalized(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
