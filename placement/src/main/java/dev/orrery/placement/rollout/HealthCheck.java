package dev.orrery.placement.rollout;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelRuntime;
import java.util.Optional;

/**
 * A health rule for one kind of custom resource, as Flux's {@code healthCheckExprs}: CEL
 * expressions over {@code self} (the object as the WEC reports it: {@code status} and the delivered
 * {@code spec}) that say when it is {@code current} (healthy) and when it has {@code failed}.
 * Neither true means still in progress.
 *
 * @param apiVersion the group/version the rule applies to, e.g. {@code example.com/v1}
 * @param kind the kind it applies to
 * @param current the compiled {@code current} expression
 * @param failed the compiled {@code failed} expression, if any
 */
public record HealthCheck(
    String apiVersion,
    String kind,
    String currentExpression,
    CelRuntime.Program current,
    Optional<String> failedExpression,
    Optional<CelRuntime.Program> failed) {

  /** The group of {@link #apiVersion} ({@code ""} for the core group). */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  static HealthCheck compiled(
      String apiVersion,
      String kind,
      String current,
      CelAbstractSyntaxTree currentAst,
      String failed,
      CelAbstractSyntaxTree failedAst) {
    return new HealthCheck(
        apiVersion,
        kind,
        current,
        HealthCel.program(currentAst),
        Optional.ofNullable(failed),
        Optional.ofNullable(failedAst).map(HealthCel::program));
  }
}
