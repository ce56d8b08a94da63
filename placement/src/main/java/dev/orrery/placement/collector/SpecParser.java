package dev.orrery.placement.collector;

import dev.orrery.placement.collector.CollectorCel.ResultCheck;
import dev.orrery.placement.match.Parsed;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decodes and validates a JSON-decoded StatusCollector {@code spec}, collecting every problem. */
final class SpecParser {

  private SpecParser() {}

  static Parsed<StatusCollectorSpec> parse(Map<String, Object> spec) {
    List<String> errors = new ArrayList<>();
    Map<String, Object> source = spec == null ? Map.of() : spec;
    List<ColumnName> names = new ArrayList<>();
    String filter = filter(source.get("filter"), errors);
    List<NamedExpression> select =
        namedExpressions(source.get("select"), "spec.select", ResultCheck.ANY, names, errors);
    List<NamedExpression> groupBy =
        namedExpressions(source.get("groupBy"), "spec.groupBy", ResultCheck.ATOMIC, names, errors);
    List<CombinedField> combined = combinedFields(source.get("combinedFields"), names, errors);
    long limit = limit(source.get("limit"), errors);
    errors.addAll(
        SpecRules.violations(
            size(source.get("select")),
            size(source.get("groupBy")),
            size(source.get("combinedFields")),
            names,
            limit));
    return errors.isEmpty()
        ? Parsed.ok(new StatusCollectorSpec(filter, select, groupBy, combined, limit))
        : Parsed.failed(errors);
  }

  private static String filter(Object raw, List<String> errors) {
    if (raw == null || raw instanceof String s && s.isBlank()) {
      return null;
    }
    if (!(raw instanceof String expression)) {
      errors.add(
          "spec.filter: must be a string (a CEL expression), got " + JsonValues.describe(raw));
      return null;
    }
    CollectorCel.check(expression, "spec.filter", ResultCheck.BOOL, errors);
    return expression;
  }

  private static List<NamedExpression> namedExpressions(
      Object raw, String path, ResultCheck check, List<ColumnName> names, List<String> errors) {
    List<NamedExpression> result = new ArrayList<>();
    List<Map<?, ?>> entries = entries(raw, path, errors);
    for (int i = 0; i < entries.size(); i++) {
      Map<?, ?> entry = entries.get(i);
      if (entry == null) {
        continue;
      }
      String entryPath = path + "[" + i + "]";
      String name = name(entry.get("name"), entryPath, names, errors);
      String def = expression(entry.get("def"), entryPath + ".def", errors);
      if (def != null) {
        CollectorCel.check(def, entryPath + ".def", check, errors);
      }
      if (name != null && def != null) {
        result.add(new NamedExpression(name, def));
      }
    }
    return result;
  }

  private static List<CombinedField> combinedFields(
      Object raw, List<ColumnName> names, List<String> errors) {
    List<CombinedField> result = new ArrayList<>();
    List<Map<?, ?>> entries = entries(raw, "spec.combinedFields", errors);
    for (int i = 0; i < entries.size(); i++) {
      Map<?, ?> entry = entries.get(i);
      if (entry == null) {
        continue;
      }
      String path = "spec.combinedFields[" + i + "]";
      String name = name(entry.get("name"), path, names, errors);
      Optional<AggregationType> type = type(entry.get("type"), path + ".type", errors);
      Object rawSubject = entry.get("subject");
      String subject = null;
      if (type.isPresent() && !type.get().needsSubject()) {
        if (rawSubject != null) {
          errors.add(path + ".subject: must be omitted for COUNT");
        }
      } else if (type.isPresent() || rawSubject != null) {
        subject = expression(rawSubject, path + ".subject", errors);
        if (subject != null) {
          CollectorCel.check(subject, path + ".subject", ResultCheck.NUMBER, errors);
        }
      }
      if (name != null && type.isPresent() && (subject != null) == type.get().needsSubject()) {
        result.add(new CombinedField(name, type.get(), subject));
      }
    }
    return result;
  }

  /** The entries of a list field, {@code null} where one is not an object; absent gives none. */
  private static List<Map<?, ?>> entries(Object raw, String path, List<String> errors) {
    List<Map<?, ?>> result = new ArrayList<>();
    if (raw == null) {
      return result;
    }
    if (!(raw instanceof List<?> list)) {
      errors.add(path + ": must be a list, got " + JsonValues.describe(raw));
      return result;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof Map<?, ?> map) {
        result.add(map);
      } else {
        errors.add(
            path + "[" + i + "]: must be an object, got " + JsonValues.describe(list.get(i)));
        result.add(null);
      }
    }
    return result;
  }

  private static String name(
      Object raw, String entryPath, List<ColumnName> names, List<String> errors) {
    String path = entryPath + ".name";
    if (raw == null) {
      errors.add(path + ": required");
      return null;
    }
    if (!(raw instanceof String name)) {
      errors.add(path + ": must be a string, got " + JsonValues.describe(raw));
      return null;
    }
    names.add(new ColumnName(path, name));
    return name;
  }

  private static String expression(Object raw, String path, List<String> errors) {
    if (raw == null) {
      errors.add(path + ": required (a CEL expression)");
      return null;
    }
    if (!(raw instanceof String expression) || expression.isBlank()) {
      errors.add(path + ": must be a non-empty CEL expression, got " + JsonValues.describe(raw));
      return null;
    }
    return expression;
  }

  private static Optional<AggregationType> type(Object raw, String path, List<String> errors) {
    if (raw == null) {
      errors.add(path + ": required (one of " + Arrays.toString(AggregationType.values()) + ")");
      return Optional.empty();
    }
    Optional<AggregationType> type =
        raw instanceof String s ? AggregationType.fromApi(s) : Optional.empty();
    if (type.isEmpty()) {
      errors.add(
          path
              + ": "
              + JsonValues.describe(raw)
              + " is not one of "
              + Arrays.toString(AggregationType.values()));
    }
    return type;
  }

  private static long limit(Object raw, List<String> errors) {
    if (raw == null) {
      return StatusCollectorSpec.DEFAULT_LIMIT;
    }
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    errors.add("spec.limit: must be an integer, got " + JsonValues.describe(raw));
    return StatusCollectorSpec.DEFAULT_LIMIT;
  }

  private static int size(Object raw) {
    return raw instanceof List<?> list ? list.size() : 0;
  }
}
