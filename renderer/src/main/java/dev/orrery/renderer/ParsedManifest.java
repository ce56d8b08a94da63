package dev.orrery.renderer;

import java.util.Map;

/** One valid object read from a file: immutable content and the 1-based line where it starts. */
record ParsedManifest(Map<String, Object> content, int line) {

  /** The object located in {@code path}, with its line shifted by {@code offset}. */
  DesiredObject at(String path, int offset) {
    return new DesiredObject(content, path, line + offset);
  }
}
