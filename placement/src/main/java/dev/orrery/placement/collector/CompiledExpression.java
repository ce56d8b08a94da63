package dev.orrery.placement.collector;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/**
 * One checked CEL expression of a collector with its reusable, thread-safe program.
 *
 * @param column the output column it computes, {@code ""} for the filter
 * @param source the CEL text
 * @param program the planned program
 */
record CompiledExpression(String column, String source, CelRuntime.Program program) {

  /** Evaluates against one row's variables; failures become an error message, never a throw. */
  Evaluation evaluate(Map<String, Object> variables) {
    try {
      return Evaluation.ok(program.eval(variables));
    } catch (CelEvaluationException e) {
      return Evaluation.failed(e.getMessage());
    } catch (RuntimeException e) {
      return Evaluation.failed("evaluation failed: " + e);
    }
  }
}
