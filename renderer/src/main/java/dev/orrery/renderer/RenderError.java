package dev.orrery.renderer;

import java.util.Objects;

/**
 * One reason a revision was rejected, at a repository path and 1-based line; line {@code 0} means
 * the error concerns the path as a whole (for example a requested path that does not exist).
 */
public record RenderError(String path, int line, String message) {

  /** Rejects nulls and negative lines. */
  public RenderError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0: " + line);
    }
  }

  /** {@code "path:line: message"}. */
  @Override
  public String toString() {
    return path + ":" + line + ": " + message;
  }
}
