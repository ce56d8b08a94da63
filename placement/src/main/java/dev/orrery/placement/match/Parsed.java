package dev.orrery.placement.match;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of parsing an unstructured spec: the value when valid, otherwise the validation errors.
 *
 * @param value the parsed value; {@code null} exactly when {@code errors} is not empty
 * @param errors human-readable validation messages, each naming the offending field path
 * @param <T> the parsed type
 */
public record Parsed<T>(T value, List<String> errors) {

  /** Validates that a value and errors are never both present or both absent. */
  public Parsed {
    errors = List.copyOf(errors);
    if ((value == null) == errors.isEmpty()) {
      throw new IllegalArgumentException("exactly one of value or errors must be present");
    }
  }

  /** A successful parse. */
  public static <T> Parsed<T> ok(T value) {
    return new Parsed<>(Objects.requireNonNull(value, "value"), List.of());
  }

  /** A failed parse with at least one message. */
  public static <T> Parsed<T> failed(List<String> errors) {
    return new Parsed<>(null, errors);
  }

  /** Whether the input was valid. */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /** The value, or an {@link IllegalStateException} listing the errors. */
  public T orElseThrow() {
    if (!isValid()) {
      throw new IllegalStateException(String.join("; ", errors));
    }
    return value;
  }
}
