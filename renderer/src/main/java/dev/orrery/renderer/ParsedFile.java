package dev.orrery.renderer;

import java.util.List;

/**
 * What one manifest file holds, independent of its path (so it can be cached by content id): the
 * valid objects in document order and the problems found.
 */
record ParsedFile(List<ParsedManifest> manifests, List<LineProblem> problems) {

  ParsedFile {
    manifests = List.copyOf(manifests);
    problems = List.copyOf(problems);
  }
}
