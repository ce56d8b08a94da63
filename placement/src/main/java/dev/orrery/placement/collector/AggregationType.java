package dev.orrery.placement.collector;

import java.util.Optional;

/** The aggregation operations a StatusCollector's {@code combinedFields} may use. */
public enum AggregationType {
  /** Number of rows in the group; takes no subject. */
  COUNT,
  /** Sum of the numeric subject values; 0 for none. */
  SUM,
  /** Arithmetic mean of the numeric subject values; null for none. */
  AVG,
  /** Smallest numeric subject value; null for none. */
  MIN,
  /** Largest numeric subject value; null for none. */
  MAX;

  /** Whether the operation needs a subject expression (every operation but COUNT). */
  public boolean needsSubject() {
    return this != COUNT;
  }

  /** The operation spelled exactly as in the API ({@code COUNT}, {@code SUM}, ...), if any. */
  public static Optional<AggregationType> fromApi(String name) {
    for (AggregationType type : values()) {
      if (type.name().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
