package dev.orrery.renderer;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A {@link SourceTree} that refuses, for one render, to read a file larger than {@link
 * RenderLimits#maxFileBytes} or to read more than {@link RenderLimits#maxTotalBytes} in all; the
 * size is checked before the file is read. Not thread-safe: one instance per render.
 */
final class BoundedSourceTree implements SourceTree {

  /** A read refused by a limit; {@link #path()} names the file. */
  static final class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String path;

    LimitExceededException(String path, String message) {
      super(message);
      this.path = path;
    }

    String path() {
      return path;
    }
  }

  private final SourceTree tree;
  private final RenderLimits limits;
  private long bytesRead;

  BoundedSourceTree(SourceTree tree, RenderLimits limits) {
    this.tree = tree;
    this.limits = limits;
  }

  @Override
  public List<String> paths() {
    return tree.paths();
  }

  @Override
  public byte[] read(String path) throws IOException {
    long size = tree.size(path);
    if (size > limits.maxFileBytes()) {
      throw new LimitExceededException(
          path,
          "file is "
              + size
              + " bytes, more than the limit of "
              + limits.maxFileBytes()
              + " (maxFileBytes)");
    }
    if (bytesRead + size > limits.maxTotalBytes()) {
      throw new LimitExceededException(
          path,
          "reading this file would bring the render to "
              + (bytesRead + size)
              + " bytes, more than the limit of "
              + limits.maxTotalBytes()
              + " (maxTotalBytes)");
    }
    byte[] bytes = tree.read(path);
    bytesRead += bytes.length;
    if (bytes.length > limits.maxFileBytes()) {
      throw new LimitExceededException(
          path,
          "file is "
              + bytes.length
              + " bytes, more than the limit of "
              + limits.maxFileBytes()
              + " (maxFileBytes)");
    }
    return bytes;
  }

  @Override
  public long size(String path) throws IOException {
    return tree.size(path);
  }

  @Override
  public String contentId(String path) {
    return tree.contentId(path);
  }

  @Override
  public Map<String, String> unreadable() {
    return tree.unreadable();
  }
}
