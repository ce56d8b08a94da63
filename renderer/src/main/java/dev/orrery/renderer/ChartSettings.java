package dev.orrery.renderer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A chart's optional {@code orrery.yaml}: {@code releaseName}, {@code namespace} ({@code ""} when
 * absent), {@code valuesFiles} (paths relative to the chart directory, with the line naming each)
 * and inline {@code values}. Unknown fields are errors, so typos do not pass silently.
 */
record ChartSettings(
    String releaseName,
    String namespace,
    List<ValuesFileRef> valuesFiles,
    Map<String, Object> values) {

  static final String FILE_NAME = "orrery.yaml";
  private static final Set<String> FIELDS =
      Set.of("releaseName", "namespace", "valuesFiles", "values");

  /** A values file as written in {@code orrery.yaml}, and the line that names it. */
  record ValuesFileRef(String path, int line) {}

  /** Settings, or the problems that make the file unusable. */
  record Parsed(ChartSettings settings, List<LineProblem> problems) {}

  ChartSettings {
    valuesFiles = List.copyOf(valuesFiles);
    values = ImmutableValues.freezeMap(values);
  }

  /** No {@code orrery.yaml}. */
  static ChartSettings defaults() {
    return new ChartSettings("", "", List.of(), Map.of());
  }

  static Parsed parse(byte[] bytes) {
    YamlSupport.SingleDocument document;
    try {
      document = YamlSupport.loadSingle(bytes);
    } catch (YamlSupport.ProblemException e) {
      return new Parsed(defaults(), List.of(e.problem()));
    }
    if (document.value() == null) {
      return new Parsed(defaults(), List.of());
    }
    Node root = document.node().orElseThrow();
    if (!(root instanceof MappingNode mapping) || !(document.value() instanceof Map<?, ?> fields)) {
      return new Parsed(
          defaults(),
          List.of(new LineProblem(YamlSupport.line(root), FILE_NAME + " must be a mapping")));
    }
    List<LineProblem> problems = new ArrayList<>();
    Map<String, Node> nodes = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
      nodes.put(key, tuple.getValueNode());
      if (!FIELDS.contains(key)) {
        problems.add(
            new LineProblem(
                YamlSupport.line(tuple.getKeyNode()),
                "unknown field '"
                    + key
                    + "' in "
                    + FILE_NAME
                    + " (expected releaseName, namespace, valuesFiles, values)"));
      }
    }
    String releaseName = text(fields.get("releaseName"), "releaseName", nodes, problems);
    String namespace = text(fields.get("namespace"), "namespace", nodes, problems);
    List<ValuesFileRef> valuesFiles =
        valuesFiles(fields.get("valuesFiles"), nodes.get("valuesFiles"), problems);
    Map<String, Object> values = Map.of();
    Object rawValues = fields.get("values");
    if (rawValues instanceof Map<?, ?> map) {
      values = ImmutableValues.freezeMap(castMap(map));
    } else if (rawValues != null) {
      problems.add(
          new LineProblem(YamlSupport.line(nodes.get("values")), "values must be a mapping"));
    }
    return new Parsed(new ChartSettings(releaseName, namespace, valuesFiles, values), problems);
  }

  private static String text(
      Object value, String field, Map<String, Node> nodes, List<LineProblem> problems) {
    if (value == null) {
      return "";
    }
    if (value instanceof String s && !s.isBlank()) {
      return s.trim();
    }
    problems.add(
        new LineProblem(YamlSupport.line(nodes.get(field)), field + " must be a non-empty string"));
    return "";
  }

  private static List<ValuesFileRef> valuesFiles(
      Object value, Node node, List<LineProblem> problems) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || !(node instanceof SequenceNode sequence)) {
      problems.add(
          new LineProblem(YamlSupport.line(node), "valuesFiles must be a sequence of paths"));
      return List.of();
    }
    List<ValuesFileRef> refs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      int line = YamlSupport.line(sequence.getValue().get(i));
      if (list.get(i) instanceof String path && !path.isBlank()) {
        refs.add(new ValuesFileRef(path.trim(), line));
      } else {
        problems.add(new LineProblem(line, "each entry of valuesFiles must be a path"));
      }
    }
    return refs;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
