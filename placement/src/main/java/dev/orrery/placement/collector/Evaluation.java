package dev.orrery.placement.collector;

/**
 * The outcome of evaluating one CEL expression on one row: a CEL value, or an error message.
 *
 * @param value the CEL value; meaningless when {@code error} is set
 * @param error why the evaluation failed, {@code null} on success
 */
record Evaluation(Object value, String error) {

  static Evaluation ok(Object value) {
    return new Evaluation(value, null);
  }

  static Evaluation failed(String error) {
    return new Evaluation(null, error);
  }

  boolean failed() {
    return error != null;
  }
}
