package dev.orrery.renderer;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A read-only view of one Git revision's files (no work tree). */
public interface SourceTree {

  /**
   * Every file path of the revision, {@code '/'}-separated, relative to the repository root,
   * without {@code "."} or {@code ".."} segments, sorted in natural string order.
   */
  List<String> paths();

  /** The bytes of one file listed by {@link #paths()}. */
  byte[] read(String path) throws IOException;

  /**
   * A stable identifier of the file's content (for example its Git blob id): equal ids mean equal
   * bytes. The renderer caches parse results under this id.
   */
  String contentId(String path);

  /**
   * The size in bytes of one file listed by {@link #paths()}; trees that can should answer without
   * reading it.
   */
  default long size(String path) throws IOException {
    return read(path).length;
  }

  /**
   * Entries of the revision that exist but are not offered as files, with the reason, keyed by
   * path: for example a symbolic link that points outside the repository, into a loop, at nothing
   * or at a directory. The renderer reports those it would have read instead of skipping them.
   */
  default Map<String, String> unreadable() {
    return Map.of();
  }
}
