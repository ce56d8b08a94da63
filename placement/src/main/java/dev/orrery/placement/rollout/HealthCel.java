package dev.orrery.placement.rollout;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.orrery.placement.collector.CollectorCel;
import dev.orrery.placement.collector.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment of health expressions: the standard functions and macros and one variable,
 * {@code self}, a {@code map(string, dyn)} holding the object. Immutable and shared by all threads.
 */
final class HealthCel {
  static final String SELF = "self";
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .setOptions(
              CelOptions.current()
                  .enableHeterogeneousNumericComparisons(true)
                  .comprehensionMaxIterations(10_000)
                  .build())
          .addVar(SELF, MapType.create(SimpleType.STRING, SimpleType.DYN))
          .build();

  private HealthCel() {}

  /**
   * Compiles a boolean expression; on failure adds a message with {@code path}, line and column.
   */
  static Optional<CelAbstractSyntaxTree> compile(
      String expression, String path, List<String> errors) {
    CelValidationResult result = CEL.compile(expression);
    if (result.hasError()) {
      CollectorCel.reportIssues(result, path, errors);
      return Optional.empty();
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      CelKind kind = ast.getResultType().kind();
      if (kind != CelKind.BOOL && kind != CelKind.DYN) {
        errors.add(path + ": must yield a bool, but its type is " + ast.getResultType().name());
        return Optional.empty();
      }
      return Optional.of(ast);
    } catch (CelValidationException e) {
      errors.add(path + ": CEL compile error: " + e.getMessage());
      return Optional.empty();
    }
  }

  static CelRuntime.Program program(CelAbstractSyntaxTree ast) {
    try {
      return CEL.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("cannot plan a checked CEL expression: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the expression is true for {@code self}; an evaluation error (e.g. a missing field) or
   * a non-boolean result is false.
   */
  static boolean holds(CelRuntime.Program program, Map<String, Object> self) {
    try {
      return Boolean.TRUE.equals(program.eval(Map.of(SELF, JsonValues.toCel(self))));
    } catch (CelEvaluationException e) {
      return false;
    }
  }
}
