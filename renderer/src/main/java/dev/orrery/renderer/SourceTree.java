package dev.orrery.renderer;

import java.io.IOException;
import java.util.List;

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
}
