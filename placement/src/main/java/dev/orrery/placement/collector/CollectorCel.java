package dev.orrery.placement.collector;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.CelKind;
import dev.cel.runtime.CelRuntime;
import dev.orrery.placement.cel.JsonCel;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL environment of StatusCollector expressions: the standard functions and macros, and the
 * variables {@code obj}, {@code returned}, {@code inventory} and {@code propagation}, each a {@code
 * map(string, dyn)}. The environment is immutable and shared by all threads.
 */
final class CollectorCel {

  /** The WDS object. */
  static final String OBJ = "obj";

  /** {@code {status: <what the WEC returned, or null>}}. */
  static final String RETURNED = "returned";

  /** {@code {name: <WEC name>}}. */
  static final String INVENTORY = "inventory";

  /** {@code {lastReturnedUpdateTimestamp: <timestamp, or null>}}. */
  static final String PROPAGATION = "propagation";

  private static final Cel CEL = JsonCel.environment(OBJ, RETURNED, INVENTORY, PROPAGATION);

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

  /**
   * Parses and type-checks {@code expression}; on failure adds one message per CEL issue, each
   * starting with {@code path} and giving the line and column, and returns empty.
   */
  static Optional<CelAbstractSyntaxTree> check(
      String expression, String path, ResultCheck check, List<String> errors) {
    return JsonCel.compile(CEL, expression, path, check.allowed, check.description, errors);
  }

  /** The reusable, thread-safe program of a checked expression. */
  static CelRuntime.Program program(CelAbstractSyntaxTree ast) {
    return JsonCel.program(CEL, ast);
  }
}
