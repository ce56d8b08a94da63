package dev.orrery.renderer;

/** A problem found at a 1-based line of a file whose path is known to the caller. */
record LineProblem(int line, String message) {

  /** The problem reported against {@code path}, with its line shifted by {@code offset}. */
  RenderError at(String path, int offset) {
    return new RenderError(path, line == 0 ? 0 : line + offset, message);
  }
}
