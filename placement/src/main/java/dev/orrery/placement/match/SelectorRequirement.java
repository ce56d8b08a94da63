package dev.orrery.placement.match;

import java.util.List;
import java.util.Map;

/**
 * One {@code matchExpressions} entry of a label selector.
 *
 * @param key the label key
 * @param operator the operator
 * @param values the values (non-empty for In/NotIn, empty for Exists/DoesNotExist)
 */
public record SelectorRequirement(String key, SelectorOperator operator, List<String> values) {

  /** Copies the values. */
  public SelectorRequirement {
    values = List.copyOf(values);
  }

  /** Kubernetes semantics: NotIn and DoesNotExist also match when the key is absent. */
  public boolean matches(Map<String, String> labels) {
    boolean present = labels.containsKey(key);
    return switch (operator) {
      case IN -> present && values.contains(labels.get(key));
      case NOT_IN -> !present || !values.contains(labels.get(key));
      case EXISTS -> present;
      case DOES_NOT_EXIST -> !present;
    };
  }
}
