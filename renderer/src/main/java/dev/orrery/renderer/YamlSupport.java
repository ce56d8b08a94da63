package dev.orrery.renderer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.YamlUnicodeReader;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** The renderer's YAML settings, decoding and error-to-line translation. */
final class YamlSupport {

  /** Large enough for big CRDs and chart outputs. */
  private static final int CODE_POINT_LIMIT = 64 * 1024 * 1024;

  private YamlSupport() {}

  /**
   * YAML 1.2 core schema (so {@code yes} stays a string), duplicate keys rejected, marks kept for
   * line numbers, no environment variable substitution.
   */
  static LoadSettings loadSettings() {
    return LoadSettings.builder()
        .setSchema(new CoreSchema())
        .setAllowDuplicateKeys(false)
        .setUseMarks(true)
        .setEnvConfig(Optional.empty())
        .setCodePointLimit(CODE_POINT_LIMIT)
        .setLabel("manifest")
        .build();
  }

  /** Decodes bytes as YAML does: UTF-8 unless a UTF-16/32 byte order mark says otherwise. */
  static String decode(byte[] bytes) throws IOException {
    try (Reader reader = new YamlUnicodeReader(new ByteArrayInputStream(bytes))) {
      StringWriter text = new StringWriter(bytes.length);
      reader.transferTo(text);
      return text.toString();
    }
  }

  /** The 1-based line where {@code node} starts, 1 when unknown. */
  static int line(Node node) {
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
  }

  /** A parse or construction error as a problem at the exact line it names. */
  static LineProblem problem(MarkedYamlEngineException e) {
    Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
    int line = mark.map(m -> m.getLine() + 1).orElse(1);
    String problem = e.getProblem() == null ? "" : e.getProblem().trim();
    String context = e.getContext() == null ? "" : e.getContext().trim();
    String message = context.isEmpty() ? problem : problem.isEmpty() ? context : context + ": " + problem;
    return new LineProblem(line, "invalid YAML: " + message);
  }

  /** A character-level error (for example a control character) at the line holding it. */
  static LineProblem problem(ReaderException e, String text) {
    return new LineProblem(lineOfCodePoint(text, e.getPosition()), "invalid YAML: " + e.getMessage());
  }

  private static int lineOfCodePoint(String text, int codePointIndex) {
    int line = 1;
    int seen = 0;
    for (int i = 0; i < text.length() && seen < codePointIndex; seen++) {
      int codePoint = text.codePointAt(i);
      if (codePoint == '\n') {
        line++;
      }
      i += Character.charCount(codePoint);
    }
    return line;
  }

  /** A file holding at most one YAML document: its node and value (both empty/null when blank). */
  record SingleDocument(Optional<Node> node, Object value) {}

  /** Thrown by {@link #loadSingle} with the problem and its line. */
  static final class ProblemException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient LineProblem problem;

    ProblemException(LineProblem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }

    LineProblem problem() {
      return problem;
    }
  }

  /** Loads a file that must hold a single YAML document (a configuration file, not manifests). */
  static SingleDocument loadSingle(byte[] bytes) throws ProblemException {
    LoadSettings settings = loadSettings();
    String text;
    try {
      text = decode(bytes);
    } catch (IOException | YamlEngineException e) {
      throw new ProblemException(new LineProblem(1, "cannot decode file: " + e.getMessage()));
    }
    try {
      Optional<Node> node = new Compose(settings).composeString(text);
      Object value = node.isPresent() ? new StandardConstructor(settings).constructSingleDocument(node) : null;
      return new SingleDocument(node, value);
    } catch (MarkedYamlEngineException e) {
      throw new ProblemException(problem(e));
    } catch (ReaderException e) {
      throw new ProblemException(problem(e, text));
    } catch (YamlEngineException e) {
      throw new ProblemException(new LineProblem(1, "invalid YAML: " + e.getMessage()));
    }
  }
}
