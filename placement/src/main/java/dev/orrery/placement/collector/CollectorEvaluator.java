package dev.orrery.placement.collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Runs one compiled collector over the rows of one object: filter, then select or aggregate. */
final class CollectorEvaluator {

  private static final Comparator<List<ColumnValue>> KEY_ORDER = CollectorEvaluator::compareKeys;

  private final CompiledCollector collector;
  private final List<RowError> rowErrors = new ArrayList<>();
  private final List<AggregationError> aggregationErrors = new ArrayList<>();

  private CollectorEvaluator(CompiledCollector collector) {
    this.collector = collector;
  }

  /** Evaluates {@code collector} over {@code rows}, which are sorted by WEC name. */
  static CollectorResult evaluate(CompiledCollector collector, List<RowVariables> rows) {
    return new CollectorEvaluator(collector).run(rows);
  }

  private CollectorResult run(List<RowVariables> rows) {
    List<RowVariables> kept = new ArrayList<>();
    for (RowVariables row : rows) {
      if (keep(row)) {
        kept.add(row);
      }
    }
    List<List<ColumnValue>> table = new ArrayList<>();
    if (collector.spec().aggregates()) {
      table.addAll(aggregate(kept));
    } else {
      kept.forEach(row -> table.add(select(row)));
    }
    int limit = (int) Math.min(collector.spec().limit(), Integer.MAX_VALUE);
    int omitted = Math.max(0, table.size() - limit);
    return new CollectorResult(
        collector.name(),
        collector.columnNames(),
        table.subList(0, table.size() - omitted),
        rowErrors,
        aggregationErrors,
        omitted);
  }

  /** The filter: true keeps the row; false, null, a non-boolean or an error excludes it. */
  private boolean keep(RowVariables row) {
    CompiledExpression filter = collector.filter();
    if (filter == null) {
      return true;
    }
    Evaluation result = filter.evaluate(row.variables());
    if (result.failed()) {
      rowErrors.add(new RowError(row.cluster(), "", result.error()));
      return false;
    }
    if (result.value() instanceof Boolean b) {
      return b;
    }
    if (!JsonValues.isNull(result.value())) {
      rowErrors.add(
          new RowError(
              row.cluster(),
              "",
              "filter yielded " + JsonValues.describeCel(result.value()) + ", not a bool"));
    }
    return false;
  }

  /** One output row of selected cells; a failing cell is Null and reported. */
  private List<ColumnValue> select(RowVariables row) {
    List<ColumnValue> cells = new ArrayList<>();
    for (CompiledExpression expression : collector.select()) {
      cells.add(cell(expression, row).orElse(ColumnValue.NULL));
    }
    return cells;
  }

  /**
   * One output row per group (sorted by the groupBy values), or exactly one row without groupBy. A
   * row whose groupBy value fails or is not atomic is reported and left out.
   */
  private List<List<ColumnValue>> aggregate(List<RowVariables> rows) {
    List<CombinedField> fields = collector.spec().combinedFields();
    TreeMap<List<ColumnValue>, List<Aggregate>> groups = new TreeMap<>(KEY_ORDER);
    if (collector.groupBy().isEmpty()) {
      groups.put(List.of(), fields.stream().map(Aggregate::new).toList());
    }
    for (RowVariables row : rows) {
      List<ColumnValue> key = groupKey(row);
      if (key == null) {
        continue;
      }
      List<Aggregate> aggregates =
          groups.computeIfAbsent(key, k -> fields.stream().map(Aggregate::new).toList());
      for (int i = 0; i < fields.size(); i++) {
        Aggregate aggregate = aggregates.get(i);
        aggregate.addRow();
        CompiledExpression subject = collector.subjects().get(i);
        if (subject != null) {
          Evaluation value = subject.evaluate(row.variables());
          if (value.failed()) {
            rowErrors.add(new RowError(row.cluster(), subject.column(), value.error()));
          } else {
            aggregate.addSubject(value.value(), row.cluster());
          }
        }
      }
    }
    List<List<ColumnValue>> table = new ArrayList<>();
    for (Map.Entry<List<ColumnValue>, List<Aggregate>> group : groups.entrySet()) {
      List<ColumnValue> cells = new ArrayList<>(group.getKey());
      String description = describeGroup(group.getKey());
      for (Aggregate aggregate : group.getValue()) {
        cells.add(aggregate.result());
        aggregate.problem(description).ifPresent(aggregationErrors::add);
      }
      table.add(cells);
    }
    return table;
  }

  private List<ColumnValue> groupKey(RowVariables row) {
    List<ColumnValue> key = new ArrayList<>();
    for (CompiledExpression expression : collector.groupBy()) {
      ColumnValue value = cell(expression, row).orElse(null);
      if (value == null) {
        return null;
      }
      if (!value.isAtomic()) {
        rowErrors.add(
            new RowError(
                row.cluster(),
                expression.column(),
                "groupBy value must be atomic, got " + value.type().apiName()));
        return null;
      }
      key.add(value);
    }
    return List.copyOf(key);
  }

  /** Evaluates one cell; a failure is reported and gives empty. */
  private Optional<ColumnValue> cell(CompiledExpression expression, RowVariables row) {
    Evaluation result = expression.evaluate(row.variables());
    if (result.failed()) {
      rowErrors.add(new RowError(row.cluster(), expression.column(), result.error()));
      return Optional.empty();
    }
    try {
      return Optional.of(ColumnValue.fromCel(result.value()));
    } catch (IllegalArgumentException e) {
      rowErrors.add(new RowError(row.cluster(), expression.column(), e.getMessage()));
      return Optional.empty();
    }
  }

  private String describeGroup(List<ColumnValue> key) {
    if (key.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      parts.add(collector.groupBy().get(i).column() + "=" + key.get(i).value());
    }
    return " in group {" + String.join(", ", parts) + "}";
  }

  private static int compareKeys(List<ColumnValue> a, List<ColumnValue> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
