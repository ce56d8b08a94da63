package dev.orrery.placement.transport;

import java.util.Map;

/** The outcome of expanding one object's templates for one cluster: the object or an error. */
public sealed interface ExpansionResult {

  /**
   * Expansion succeeded (or the object did not ask for it).
   *
   * @param object the expanded object (a copy when anything was expanded)
   */
  record Expanded(Map<String, Object> object) implements ExpansionResult {}

  /**
   * Expansion failed.
   *
   * @param error what went wrong
   */
  record Failed(TemplateError error) implements ExpansionResult {}
}
