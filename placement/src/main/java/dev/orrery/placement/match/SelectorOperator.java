package dev.orrery.placement.match;

import java.util.Arrays;
import java.util.Optional;

/** The operators of a Kubernetes label selector requirement, spelled exactly as in the API. */
public enum SelectorOperator {
  IN("In"),
  NOT_IN("NotIn"),
  EXISTS("Exists"),
  DOES_NOT_EXIST("DoesNotExist");

  private final String apiName;

  SelectorOperator(String apiName) {
    this.apiName = apiName;
  }

  /** The spelling used in the Kubernetes API (case-sensitive). */
  public String apiName() {
    return apiName;
  }

  /** Looks an operator up by its exact API spelling. */
  public static Optional<SelectorOperator> fromApiName(String name) {
    return Arrays.stream(values()).filter(op -> op.apiName.equals(name)).findFirst();
  }

  /**
   * Whether requirements with this operator carry values (In, NotIn) or must not (Exists,
   * DoesNotExist).
   */
  public boolean takesValues() {
    return this == IN || this == NOT_IN;
  }
}
