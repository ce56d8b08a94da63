package dev.orrery.placement.collector;

import java.util.Objects;

/**
 * One {@code select} or {@code groupBy} entry of a StatusCollector: a column name and the CEL
 * expression computing it.
 *
 * @param name the column name
 * @param def the CEL expression
 */
public record NamedExpression(String name, String def) {

  /** Rejects nulls. */
  public NamedExpression {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(def, "def");
  }
}
