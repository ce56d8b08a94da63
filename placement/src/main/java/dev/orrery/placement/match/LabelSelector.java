package dev.orrery.placement.match;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Kubernetes {@code metav1.LabelSelector}: all {@code matchLabels} and all {@code
 * matchExpressions} must hold; the empty selector {@code {}} matches every label set.
 *
 * @param matchLabels required key/value pairs, sorted by key
 * @param matchExpressions requirements, in the order given
 */
public record LabelSelector(
    Map<String, String> matchLabels, List<SelectorRequirement> matchExpressions) {

  /** The empty selector {@code {}}, which matches everything. */
  public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  /** Copies the inputs into immutable, key-sorted collections. */
  public LabelSelector {
    matchLabels = Collections.unmodifiableMap(new TreeMap<>(matchLabels));
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** Whether this is the empty selector {@code {}}. */
  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /** Whether the given labels satisfy every part of this selector. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> required : matchLabels.entrySet()) {
      if (!required.getValue().equals(actual.get(required.getKey()))) {
        return false;
      }
    }
    for (SelectorRequirement requirement : matchExpressions) {
      if (!requirement.matches(actual)) {
        return false;
      }
    }
    return true;
  }

  /** Parses a JSON-decoded label selector, validating it as the Kubernetes API server would. */
  public static Parsed<LabelSelector> parse(Object raw) {
    List<String> errors = new ArrayList<>();
    LabelSelector selector = parse(raw, "selector", errors);
    return errors.isEmpty() ? Parsed.ok(selector) : Parsed.failed(errors);
  }

  /** Parses {@code raw}, appending problems prefixed with {@code path} to {@code errors}. */
  static LabelSelector parse(Object raw, String path, List<String> errors) {
    if (!(raw instanceof Map<?, ?> map)) {
      errors.add(path + ": must be a label selector object, got " + describe(raw));
      return EVERYTHING;
    }
    Map<String, String> labels =
        parseMatchLabels(map.get("matchLabels"), path + ".matchLabels", errors);
    List<SelectorRequirement> requirements =
        parseExpressions(map.get("matchExpressions"), path + ".matchExpressions", errors);
    return new LabelSelector(labels, requirements);
  }

  private static Map<String, String> parseMatchLabels(
      Object raw, String path, List<String> errors) {
    Map<String, String> labels = new TreeMap<>();
    if (raw == null) {
      return labels;
    }
    if (!(raw instanceof Map<?, ?> map)) {
      errors.add(path + ": must be an object of label key to value, got " + describe(raw));
      return labels;
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (!(entry.getValue() instanceof String value)) {
        errors.add(
            path + "[" + key + "]: value must be a string, got " + describe(entry.getValue()));
        continue;
      }
      LabelSyntax.keyProblem(key).ifPresent(p -> errors.add(path + ": " + p));
      LabelSyntax.valueProblem(value).ifPresent(p -> errors.add(path + "[" + key + "]: " + p));
      labels.put(key, value);
    }
    return labels;
  }

  private static List<SelectorRequirement> parseExpressions(
      Object raw, String path, List<String> errors) {
    List<SelectorRequirement> requirements = new ArrayList<>();
    if (raw == null) {
      return requirements;
    }
    if (!(raw instanceof List<?> list)) {
      errors.add(path + ": must be a list, got " + describe(raw));
      return requirements;
    }
    for (int i = 0; i < list.size(); i++) {
      String itemPath = path + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> item)) {
        errors.add(itemPath + ": must be an object, got " + describe(list.get(i)));
        continue;
      }
      parseRequirement(item, itemPath, errors).ifPresent(requirements::add);
    }
    return requirements;
  }

  private static Optional<SelectorRequirement> parseRequirement(
      Map<?, ?> item, String path, List<String> errors) {
    int before = errors.size();
    String key = item.get("key") instanceof String s ? s : null;
    if (key == null) {
      errors.add(path + ".key: is required and must be a string");
    } else {
      LabelSyntax.keyProblem(key).ifPresent(p -> errors.add(path + ".key: " + p));
    }
    Object rawOperator = item.get("operator");
    SelectorOperator operator =
        rawOperator instanceof String s ? SelectorOperator.fromApiName(s).orElse(null) : null;
    if (operator == null) {
      errors.add(
          path
              + ".operator: "
              + (rawOperator == null
                  ? "is required"
                  : "\"" + rawOperator + "\" is not a valid label selector operator")
              + " (want In, NotIn, Exists or DoesNotExist)");
    }
    List<String> values = parseValues(item.get("values"), path + ".values", errors);
    if (operator != null && operator.takesValues() && values.isEmpty()) {
      errors.add(path + ".values: must be non-empty when operator is " + operator.apiName());
    }
    if (operator != null && !operator.takesValues() && !values.isEmpty()) {
      errors.add(path + ".values: must be empty when operator is " + operator.apiName());
    }
    if (errors.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new SelectorRequirement(key, operator, values));
  }

  private static List<String> parseValues(Object raw, String path, List<String> errors) {
    List<String> values = new ArrayList<>();
    if (raw == null) {
      return values;
    }
    if (!(raw instanceof List<?> list)) {
      errors.add(path + ": must be a list of strings, got " + describe(raw));
      return values;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof String value) {
        LabelSyntax.valueProblem(value).ifPresent(p -> errors.add(path + ": " + p));
        values.add(value);
      } else {
        errors.add(path + "[" + i + "]: must be a string, got " + describe(list.get(i)));
      }
    }
    return values;
  }

  static String describe(Object raw) {
    return Unstructured.describe(raw);
  }
}
