package dev.orrery.renderer;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Keeps one YAML file within {@link RenderLimits}: {@link #events} counts documents and nesting
 * while the parser reads (before the recursive composer could overflow the stack), and {@link
 * #measure} sizes each composed document as it would be once aliases are expanded, without
 * expanding it, so alias bombs and recursive aliases are refused before anything is built.
 */
final class YamlBounds {

  /** A bound was crossed at a 1-based line. */
  static final class LimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    LimitException(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }

    LineProblem problem() {
      return new LineProblem(line, getMessage());
    }
  }

  private final RenderLimits limits;
  private long nodesSoFar;
  private int lastLine = 1;

  YamlBounds(RenderLimits limits) {
    this.limits = limits;
  }

  /**
   * {@code parser}, failing with a {@link LimitException} once documents or nesting exceed the
   * limits.
   */
  Parser events(Parser parser) {
    return new Parser() {
      private int depth;
      private int documents;

      @Override
      public boolean checkEvent(Event.ID id) {
        return parser.checkEvent(id);
      }

      @Override
      public Event peekEvent() {
        return parser.peekEvent();
      }

      @Override
      public boolean hasNext() {
        return parser.hasNext();
      }

      @Override
      public Event next() {
        Event event = parser.next();
        lastLine = line(event.getStartMark());
        switch (event.getEventId()) {
          case MappingStart, SequenceStart -> {
            if (++depth > limits.maxNestingDepth()) {
              throw new LimitException(
                  line(event.getStartMark()),
                  "nesting deeper than " + limits.maxNestingDepth() + " levels");
            }
          }
          case MappingEnd, SequenceEnd -> depth--;
          case DocumentStart -> {
            if (++documents > limits.maxDocumentsPerFile()) {
              throw new LimitException(
                  line(event.getStartMark()),
                  "more than " + limits.maxDocumentsPerFile() + " YAML documents in one file");
            }
          }
          default -> {}
        }
        return event;
      }
    };
  }

  /** The line of the last event read, for errors the YAML library raises without a position. */
  int lastLine() {
    return lastLine;
  }

  /**
   * Counts {@code document}'s nodes as expanded (an alias counts its whole target again) and checks
   * its expanded depth; the count accumulates over the file's documents.
   */
  void measure(Node document) {
    Extent extent = extent(document, 1, new IdentityHashMap<>(), new IdentityHashMap<>());
    nodesSoFar = saturatedAdd(nodesSoFar, extent.nodes());
    if (nodesSoFar > limits.maxNodesPerFile()) {
      throw tooManyNodes(document);
    }
  }

  /** A subtree's expanded node count and height. */
  private record Extent(long nodes, int height) {}

  private Extent extent(Node node, int level, Map<Node, Extent> known, Map<Node, Boolean> open) {
    if (level > limits.maxNestingDepth()) {
      throw tooDeep(node);
    }
    Extent extent = known.get(node);
    if (extent == null) {
      if (open.put(node, Boolean.TRUE) != null) {
        throw new LimitException(YamlSupport.line(node), "recursive alias: a node contains itself");
      }
      long nodes = 1;
      int height = 0;
      if (node instanceof SequenceNode sequence) {
        for (Node item : sequence.getValue()) {
          Extent child = extent(item, level + 1, known, open);
          nodes = saturatedAdd(nodes, child.nodes());
          height = Math.max(height, child.height());
        }
      } else if (node instanceof MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
          Extent key = extent(tuple.getKeyNode(), level + 1, known, open);
          Extent value = extent(tuple.getValueNode(), level + 1, known, open);
          nodes = saturatedAdd(nodes, saturatedAdd(key.nodes(), value.nodes()));
          height = Math.max(height, Math.max(key.height(), value.height()));
        }
      }
      open.remove(node);
      extent = new Extent(nodes, node instanceof ScalarNode ? 0 : height + 1);
      known.put(node, extent);
    }
    if (level - 1 + extent.height() > limits.maxNestingDepth()) {
      throw tooDeep(node);
    }
    if (extent.nodes() > limits.maxNodesPerFile()) {
      throw tooManyNodes(node);
    }
    return extent;
  }

  private LimitException tooDeep(Node node) {
    return new LimitException(
        YamlSupport.line(node),
        "nesting deeper than " + limits.maxNestingDepth() + " levels once aliases are expanded");
  }

  private LimitException tooManyNodes(Node node) {
    return new LimitException(
        YamlSupport.line(node),
        "more than "
            + limits.maxNodesPerFile()
            + " YAML nodes in one file once aliases are expanded (an alias bomb?)");
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static int line(Optional<Mark> mark) {
    return mark.map(m -> m.getLine() + 1).orElse(1);
  }
}
