package dev.orrery.placement.collector;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL environment of StatusCollector expressions: the standard functions and macros, and the
 * variables {@code obj}, {@code returned}, {@code inventory} and {@code propagation}, each a {@code
 * map(string, dyn)}. The environment is immutable and shared by all threads.
 */
public final class CollectorCel {

  /** The WDS object. */
  static final String OBJ = "obj";

  /** {@code {status: <what the WEC returned, or null>}}. */
  static final String RETURNED = "returned";

  /** {@code {name: <WEC name>}}. */
  static final String INVENTORY = "inventory";

  /** {@code {lastReturnedUpdateTimestamp: <timestamp, or null>}}. */
  static final String PROPAGATION = "propagation";

  /** Bound on the iterations of one comprehension ({@code all}, {@code map}, ...). */
  static final int MAX_COMPREHENSION_ITERATIONS = 10_000;

  private static final Cel CEL = build();

  /** What an expression's static type must allow. */
  enum ResultCheck {
    /** Any type (select columns). */
    ANY("any value", EnumSet.allOf(CelKind.class)),
    /** A boolean (filter). */
    BOOL("a bool", EnumSet.of(CelKind.BOOL, CelKind.DYN, CelKind.ANY)),
    /** An atomic value, not a list or map (groupBy). */
    ATOMIC(
        "an atomic value (not a list or map)",
        EnumSet.complementOf(EnumSet.of(CelKind.LIST, CelKind.MAP))),
    /** A number (aggregation subjects). */
    NUMBER(
        "a number",
        EnumSet.of(CelKind.INT, CelKind.UINT, CelKind.DOUBLE, CelKind.DYN, CelKind.ANY));

    private final String description;
    private final Set<CelKind> allowed;

    ResultCheck(String description, Set<CelKind> allowed) {
      this.description = description;
      this.allowed = allowed;
    }
  }

  private CollectorCel() {}

  private static Cel build() {
    CelType json = MapType.create(SimpleType.STRING, SimpleType.DYN);
    return CelFactory.standardCelBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setOptions(
            CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                .build())
        .addVar(OBJ, json)
        .addVar(RETURNED, json)
        .addVar(INVENTORY, json)
        .addVar(PROPAGATION, json)
        .build();
  }

  /**
   * Parses and type-checks {@code expression}; on failure adds one message per CEL issue, each
   * starting with {@code path} and giving the line and column, and returns empty.
   */
  static Optional<CelAbstractSyntaxTree> check(
      String expression, String path, ResultCheck check, List<String> errors) {
    CelValidationResult result = CEL.compile(expression);
    if (result.hasError()) {
      reportIssues(result, path, errors);
      return Optional.empty();
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      errors.add(path + ": CEL compile error: " + e.getMessage());
      return Optional.empty();
    }
    CelType type = ast.getResultType();
    if (!check.allowed.contains(type.kind())) {
      errors.add(path + ": must yield " + check.description + ", but its type is " + type.name());
      return Optional.empty();
    }
    return Optional.of(ast);
  }

  /**
   * Adds one message per issue of a failed compile to {@code errors}, each starting with {@code
   * path} and giving the line and column (1-based) of the issue.
   */
  public static void reportIssues(CelValidationResult result, String path, List<String> errors) {
    for (CelIssue issue : result.getErrors()) {
      errors.add(
          path
              + ": CEL compile error at "
              + issue.getSourceLocation().getLine()
              + ":"
              + (issue.getSourceLocation().getColumn() + 1)
              + ": "
              + issue.getMessage());
    }
  }

  /** The reusable, thread-safe program of a checked expression. */
  static CelRuntime.Program program(CelAbstractSyntaxTree ast) {
    try {
      return CEL.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("cannot plan a checked CEL expression: " + e.getMessage(), e);
    }
  }
}
