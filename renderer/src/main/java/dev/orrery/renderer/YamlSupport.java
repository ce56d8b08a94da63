package dev.orrery.renderer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.YamlUnicodeReader;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** The renderer's YAML settings, decoding and error-to-line translation. */
final class YamlSupport {

  private YamlSupport() {}

  /**
   * YAML 1.2 core schema (so {@code yes} stays a string), duplicate keys rejected, marks kept for
   * line numbers, no environment variable substitution, aliases and text length within {@code
   * limits}.
   */
  static LoadSettings loadSettings(RenderLimits limits) {
    return loadSettings(limits, 0);
  }

  /**
   * {@link #loadSettings(RenderLimits)} reading {@code textLength} characters in one buffer: the
   * reader copies its window on every refill, which is quadratic in the length of a long line (a 1
   * MiB line took seconds) unless the whole text fits in one buffer.
   */
  static LoadSettings loadSettings(RenderLimits limits, int textLength) {
    return LoadSettings.builder()
        .setBufferSize(Math.max(1024, textLength + 1))
        .setSchema(new CoreSchema())
        .setAllowDuplicateKeys(false)
        .setUseMarks(true)
        .setEnvConfig(Optional.empty())
        .setCodePointLimit(limits.codePointLimit())
        .setMaxAliasesForCollections(limits.maxAliasesForCollections())
        .setAllowRecursiveKeys(false)
        .setLabel("manifest")
        .build();
  }

  /**
   * Decodes bytes as YAML does: UTF-16 or UTF-32 when a byte order mark says so, else strict UTF-8
   * (an optional BOM dropped); bytes that are not valid UTF-8 are a problem at the line holding
   * them.
   */
  static String decode(byte[] bytes) throws ProblemException {
    if (hasWideByteOrderMark(bytes)) {
      try (Reader reader = new YamlUnicodeReader(new ByteArrayInputStream(bytes))) {
        StringWriter text = new StringWriter(bytes.length);
        reader.transferTo(text);
        return text.toString();
      } catch (IOException | YamlEngineException e) {
        throw new ProblemException(new LineProblem(1, "cannot decode file: " + e.getMessage()));
      }
    }
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xff) == 0xef
                && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf
            ? 3
            : 0;
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length - start);
    CoderResult result =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new ProblemException(
          new LineProblem(
              line,
              "not valid UTF-8 text: malformed byte 0x"
                  + String.format("%02x", bytes[offset] & 0xff)
                  + " at offset "
                  + offset
                  + " (a binary file?)"));
    }
    out.flip();
    return out.toString();
  }

  private static boolean hasWideByteOrderMark(byte[] b) {
    int b0 = b.length > 0 ? b[0] & 0xff : -1;
    int b1 = b.length > 1 ? b[1] & 0xff : -1;
    return (b0 == 0xfe && b1 == 0xff)
        || (b0 == 0xff && b1 == 0xfe)
        || (b.length >= 4 && b0 == 0 && b1 == 0 && (b[2] & 0xff) == 0xfe && (b[3] & 0xff) == 0xff);
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
    String message =
        context.isEmpty() ? problem : problem.isEmpty() ? context : context + ": " + problem;
    return new LineProblem(line, "invalid YAML: " + message);
  }

  /** A character-level error (for example a control character) at the line holding it. */
  static LineProblem problem(ReaderException e, String text) {
    return new LineProblem(
        lineOfCodePoint(text, e.getPosition()), "invalid YAML: " + e.getMessage());
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
    String text = decode(bytes);
    LoadSettings settings = loadSettings(RenderLimits.DEFAULTS, text.length());
    YamlBounds bounds = new YamlBounds(RenderLimits.DEFAULTS);
    try {
      Composer composer =
          new Composer(
              settings, bounds.events(new ParserImpl(settings, new StreamReader(settings, text))));
      Optional<Node> node = composer.getSingleNode();
      node.ifPresent(bounds::measure);
      Object value =
          node.isPresent() ? new StandardConstructor(settings).constructSingleDocument(node) : null;
      return new SingleDocument(node, value);
    } catch (MarkedYamlEngineException e) {
      throw new ProblemException(problem(e));
    } catch (ReaderException e) {
      throw new ProblemException(problem(e, text));
    } catch (YamlEngineException e) {
      throw new ProblemException(
          new LineProblem(bounds.lastLine(), "invalid YAML: " + e.getMessage()));
    } catch (YamlBounds.LimitException e) {
      throw new ProblemException(e.problem());
    }
  }
}
