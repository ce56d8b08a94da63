package dev.orrery.placement.collector;

import dev.orrery.placement.match.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parsed {@code spec} of a StatusCollector: an SQL-like query over the rows (one per WEC) of a
 * workload object's returned status. Either {@code select} columns (one output row per kept WEC) or
 * {@code combinedFields} aggregates, optionally grouped by {@code groupBy} columns.
 *
 * @param filter CEL expression keeping a row when true; {@code null} (or blank) keeps every row
 * @param select columns extracted from each kept row
 * @param groupBy columns the kept rows are grouped by
 * @param combinedFields aggregates computed per group (or over all kept rows without groupBy)
 * @param limit maximum number of output rows, at least 1
 */
public record StatusCollectorSpec(
    String filter,
    List<NamedExpression> select,
    List<NamedExpression> groupBy,
    List<CombinedField> combinedFields,
    long limit) {

  /** The row limit when {@code spec.limit} is absent. */
  public static final long DEFAULT_LIMIT = 20;

  /** Copies the lists and enforces the structural rules (CEL is checked by {@link #parse}). */
  public StatusCollectorSpec {
    filter = filter == null || filter.isBlank() ? null : filter;
    select = List.copyOf(select);
    groupBy = List.copyOf(groupBy);
    combinedFields = List.copyOf(combinedFields);
    List<ColumnName> names = new ArrayList<>();
    addNames(names, "spec.select", select.stream().map(NamedExpression::name).toList());
    addNames(names, "spec.groupBy", groupBy.stream().map(NamedExpression::name).toList());
    addNames(
        names, "spec.combinedFields", combinedFields.stream().map(CombinedField::name).toList());
    List<String> problems =
        SpecRules.violations(select.size(), groupBy.size(), combinedFields.size(), names, limit);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * The output column names: the {@code select} names, or the {@code groupBy} names followed by the
   * {@code combinedFields} names.
   */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    select.forEach(e -> names.add(e.name()));
    groupBy.forEach(e -> names.add(e.name()));
    combinedFields.forEach(f -> names.add(f.name()));
    return List.copyOf(names);
  }

  /** Whether the collector aggregates ({@code combinedFields} set) rather than selects. */
  public boolean aggregates() {
    return !combinedFields.isEmpty();
  }

  /**
   * Parses and validates a JSON-decoded StatusCollector {@code spec}, compiling every CEL
   * expression. All problems are reported, each naming its field path (e.g. {@code
   * spec.select[1].def}); CEL compile errors carry CEL's own message with line and column.
   */
  public static Parsed<StatusCollectorSpec> parse(Map<String, Object> spec) {
    return SpecParser.parse(spec);
  }

  private static void addNames(List<ColumnName> names, String list, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      names.add(new ColumnName(list + "[" + i + "].name", values.get(i)));
    }
  }
}
