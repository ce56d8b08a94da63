package dev.orrery.placement.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL environments Orrery evaluates over Kubernetes objects: the standard functions and macros,
 * heterogeneous numeric comparisons, a bound on comprehension iterations, and variables that each
 * hold a JSON object ({@code map(string, dyn)}). Compiling reports every issue with the path of the
 * expression in its resource and the line and column inside it.
 */
public final class JsonCel {

  /** Bound on the iterations of one comprehension ({@code all}, {@code map}, ...). */
  public static final int MAX_COMPREHENSION_ITERATIONS = 10_000;

  private JsonCel() {}

  /** An immutable, thread-safe environment declaring each name as a JSON-object variable. */
  public static Cel environment(String... jsonVariables) {
    CelType json = MapType.create(SimpleType.STRING, SimpleType.DYN);
    CelBuilder builder =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setOptions(
                CelOptions.current()
                    .enableHeterogeneousNumericComparisons(true)
                    .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                    .build());
    for (String variable : jsonVariables) {
      builder.addVar(variable, json);
    }
    return builder.build();
  }

  /**
   * Parses and type-checks {@code expression}; returns empty after adding messages starting with
   * {@code path} to {@code errors} when it does not compile or its static type's kind is not in
   * {@code allowed} (then "must yield {@code description}").
   */
  public static Optional<CelAbstractSyntaxTree> compile(
      Cel cel,
      String expression,
      String path,
      Set<CelKind> allowed,
      String description,
      List<String> errors) {
    CelValidationResult result = cel.compile(expression);
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
    if (!allowed.contains(type.kind())) {
      errors.add(path + ": must yield " + description + ", but its type is " + type.name());
      return Optional.empty();
    }
    return Optional.of(ast);
  }

  /** The reusable, thread-safe program of an expression {@code cel} compiled. */
  public static CelRuntime.Program program(Cel cel, CelAbstractSyntaxTree ast) {
    try {
      return cel.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("cannot plan a checked CEL expression: " + e.getMessage(), e);
    }
  }

  private static void reportIssues(CelValidationResult result, String path, List<String> errors) {
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
}
