package dev.orrery.placement.collector;

import java.util.Objects;

/**
 * One {@code combinedFields} entry of a StatusCollector: a column computed by aggregating a CEL
 * {@code subject} over the rows of a group.
 *
 * @param name the column name
 * @param type the aggregation
 * @param subject the CEL expression aggregated over; {@code null} exactly for {@link
 *     AggregationType#COUNT}
 */
public record CombinedField(String name, AggregationType type, String subject) {

  /** Rejects nulls and a subject that does not fit the aggregation. */
  public CombinedField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (type.needsSubject() != (subject != null)) {
      throw new IllegalArgumentException(
          type + (type.needsSubject() ? " needs a subject" : " takes no subject"));
    }
  }
}
