package dev.orrery.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads a YAML or JSON manifest file into objects with exact start lines: every document in order,
 * empty and null documents skipped, {@code kind: List} expanded (recursively), each object
 * validated by {@link ObjectValidator}. Stateless and thread-safe.
 */
final class ManifestParser {

  private final RenderLimits limits;

  ManifestParser() {
    this(RenderLimits.DEFAULTS);
  }

  ManifestParser(RenderLimits limits) {
    this.limits = limits;
  }

  /**
   * Parses one file. Text that is not UTF-8, and files beyond the limits on documents, nesting and
   * expanded nodes, are problems at the line where that shows; nothing of such a file is kept.
   */
  ParsedFile parse(byte[] bytes) {
    List<ParsedManifest> manifests = new ArrayList<>();
    List<LineProblem> problems = new ArrayList<>();
    String text;
    try {
      text = YamlSupport.decode(bytes);
    } catch (YamlSupport.ProblemException e) {
      problems.add(e.problem());
      return new ParsedFile(manifests, problems);
    }
    LoadSettings settings = YamlSupport.loadSettings(limits, text.length());
    StandardConstructor constructor = new StandardConstructor(settings);
    YamlBounds bounds = new YamlBounds(limits);
    Composer composer =
        new Composer(
            settings, bounds.events(new ParserImpl(settings, new StreamReader(settings, text))));
    try {
      while (composer.hasNext()) {
        Node document = composer.next();
        bounds.measure(document);
        Object value = constructor.constructSingleDocument(Optional.of(document));
        if (value != null) {
          collect(document, value, manifests, problems);
        }
      }
    } catch (YamlBounds.LimitException e) {
      manifests.clear();
      problems.add(e.problem());
    } catch (MarkedYamlEngineException e) {
      problems.add(YamlSupport.problem(e));
    } catch (ReaderException e) {
      problems.add(YamlSupport.problem(e, text));
    } catch (YamlEngineException e) {
      manifests.clear();
      problems.add(new LineProblem(bounds.lastLine(), "invalid YAML: " + e.getMessage()));
    }
    return new ParsedFile(manifests, problems);
  }

  private void collect(
      Node node, Object value, List<ParsedManifest> manifests, List<LineProblem> problems) {
    int line = YamlSupport.line(node);
    if (!(value instanceof Map<?, ?> map)) {
      problems.add(
          new LineProblem(
              line,
              "document is not a Kubernetes object: expected a mapping, found " + describe(value)));
      return;
    }
    Map<String, Object> object = ImmutableValues.freezeMap(cast(map));
    if ("List".equals(object.get("kind"))) {
      expand(node, object, line, manifests, problems);
      return;
    }
    ObjectValidator.problem(object)
        .ifPresentOrElse(
            message -> problems.add(new LineProblem(line, message)),
            () -> manifests.add(new ParsedManifest(object, line)));
  }

  private void expand(
      Node node,
      Map<String, Object> list,
      int line,
      List<ParsedManifest> manifests,
      List<LineProblem> problems) {
    Object items = list.get("items");
    if (items == null) {
      return;
    }
    Optional<Node> itemsNode = valueNode(node, "items");
    if (!(items instanceof List<?> values)
        || itemsNode.isEmpty()
        || !(itemsNode.get() instanceof SequenceNode sequence)) {
      problems.add(new LineProblem(line, "items of a List must be a sequence"));
      return;
    }
    List<Node> itemNodes = sequence.getValue();
    for (int i = 0; i < values.size(); i++) {
      Object item = values.get(i);
      if (item != null) {
        collect(itemNodes.get(i), item, manifests, problems);
      }
    }
  }

  private static Optional<Node> valueNode(Node mapping, String key) {
    if (!(mapping instanceof MappingNode map)) {
      return Optional.empty();
    }
    Node found = null;
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
        found = tuple.getValueNode();
      }
    }
    return Optional.ofNullable(found);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static String describe(Object value) {
    if (value instanceof List<?>) {
      return "a sequence";
    }
    return "a scalar (" + abbreviate(String.valueOf(value)) + ")";
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
  }
}
