package dev.orrery.renderer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the manifest stream {@code helm template} prints ({@code ---} separators, each document
 * headed by {@code # Source: <template name>}) into objects located at their template's repository
 * path. When the template is in the tree, a document's line is the line where its source starts in
 * the template (see {@link TemplateChunks}); for a template that is not (a subchart from an archive
 * or a chart repository), lines count within that template's rendered documents as if joined by
 * {@code ---} lines.
 */
final class HelmOutputReader {

  private static final String SOURCE_HEADER = "# Source: ";

  private final ManifestParser parser;
  private final Function<String, Optional<String>> templateText;

  /** {@code templateText} gives the text of a repository path, empty when it is not in the tree. */
  HelmOutputReader(ManifestParser parser, Function<String, Optional<String>> templateText) {
    this.parser = parser;
    this.templateText = templateText;
  }

  /** One document as Helm printed it. */
  private record Segment(String source, List<String> lines) {}

  ChartOutput read(String manifest, TemplatePathMapper mapper, String fallbackPath) {
    List<DesiredObject> objects = new ArrayList<>();
    List<RenderError> errors = new ArrayList<>();
    Map<String, Optional<TemplateChunks>> chunksByPath = new HashMap<>();
    Map<String, Integer> nextLineByPath = new HashMap<>();
    for (Segment segment : split(manifest)) {
      if (segment.lines().stream().allMatch(String::isBlank)) {
        continue;
      }
      String path = segment.source().isEmpty() ? fallbackPath : mapper.repoPath(segment.source());
      int firstContent = TemplateChunks.firstContentLine(segment.lines());
      Optional<TemplateChunks> chunks =
          chunksByPath.computeIfAbsent(path, p -> templateText.apply(p).map(TemplateChunks::of));
      int offset;
      if (chunks.isPresent()) {
        offset = chunks.get().lineFor(TemplateChunks.kindOf(segment.lines())) - firstContent;
      } else {
        int firstLine = nextLineByPath.getOrDefault(path, 1);
        nextLineByPath.put(path, firstLine + segment.lines().size() + 1);
        offset = firstLine - 1;
      }
      byte[] text = String.join("\n", segment.lines()).getBytes(StandardCharsets.UTF_8);
      ParsedFile parsed = parser.parse(text);
      int shift = offset;
      parsed.manifests().forEach(m -> objects.add(m.at(path, shift)));
      parsed.problems().forEach(p -> errors.add(p.at(path, shift)));
    }
    return new ChartOutput(errors.isEmpty() ? objects : List.of(), errors);
  }

  private static List<Segment> split(String manifest) {
    List<Segment> segments = new ArrayList<>();
    String[] lines = manifest.split("\r?\n", -1);
    String source = "";
    List<String> current = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      if (lines[i].stripTrailing().equals("---")) {
        segments.add(new Segment(source, current));
        current = new ArrayList<>();
        source = "";
        i++;
        if (i < lines.length && lines[i].startsWith(SOURCE_HEADER)) {
          source = lines[i].substring(SOURCE_HEADER.length()).trim();
          i++;
        }
        continue;
      }
      current.add(lines[i]);
      i++;
    }
    segments.add(new Segment(source, current));
    return segments;
  }
}
