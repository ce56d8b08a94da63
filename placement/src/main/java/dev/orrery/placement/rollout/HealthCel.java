package dev.orrery.placement.rollout;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.CelKind;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.orrery.placement.cel.JsonCel;
import dev.orrery.placement.collector.JsonValues;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment of health expressions: the standard functions and macros and one variable,
 * {@code self}, a {@code map(string, dyn)} holding the object. Immutable and shared by all threads.
 */
final class HealthCel {
  static final String SELF = "self";
  private static final Cel CEL = JsonCel.environment(SELF);

  private HealthCel() {}

  /**
   * Compiles a boolean expression; on failure adds a message with {@code path}, line and column.
   */
  static Optional<CelAbstractSyntaxTree> compile(
      String expression, String path, List<String> errors) {
    return JsonCel.compile(
        CEL, expression, path, EnumSet.of(CelKind.BOOL, CelKind.DYN), "a bool", errors);
  }

  static CelRuntime.Program program(CelAbstractSyntaxTree ast) {
    return JsonCel.program(CEL, ast);
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
