package dev.orrery.placement.collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one StatusCollector computed for one object: its table, and the problems met on the way.
 *
 * @param name the collector's name
 * @param columnNames the column names
 * @param rows the rows, each with one cell per column, at most the collector's limit
 * @param rowErrors every expression failure on a WEC's row, in WEC-name order
 * @param aggregationErrors every aggregation problem, in output order
 * @param omittedRows how many rows the limit cut off
 */
public record CollectorResult(
    String name,
    List<String> columnNames,
    List<List<ColumnValue>> rows,
    List<RowError> rowErrors,
    List<AggregationError> aggregationErrors,
    int omittedRows) {

  /** How many errors per column the CombinedStatus encoding keeps (the rest are dropped). */
  public static final int MAX_ENCODED_ERRORS_PER_COLUMN = 3;

  /** Copies the lists and checks every row has one cell per column. */
  public CollectorResult {
    Objects.requireNonNull(name, "name");
    columnNames = List.copyOf(columnNames);
    rows = rows.stream().map(List::copyOf).toList();
    rowErrors = List.copyOf(rowErrors);
    aggregationErrors = List.copyOf(aggregationErrors);
    for (List<ColumnValue> row : rows) {
      if (row.size() != columnNames.size()) {
        throw new IllegalArgumentException(
            "row has " + row.size() + " cells for " + columnNames.size() + " columns");
      }
    }
  }

  /**
   * The CombinedStatus {@code results[]} entry: {@code name}, {@code columnNames}, {@code
   * rows[].columns[]}, and, when there are any, {@code rowErrors} and {@code aggregationErrors}
   * with at most {@value #MAX_ENCODED_ERRORS_PER_COLUMN} errors per column.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("columnNames", columnNames);
    List<Object> encodedRows = new ArrayList<>(rows.size());
    for (List<ColumnValue> row : rows) {
      encodedRows.add(Map.of("columns", row.stream().map(ColumnValue::toJson).toList()));
    }
    json.put("rows", encodedRows);
    if (!rowErrors.isEmpty()) {
      json.put("rowErrors", capped(rowErrors, RowError::columnName, RowError::toJson));
    }
    if (!aggregationErrors.isEmpty()) {
      json.put(
          "aggregationErrors",
          capped(aggregationErrors, AggregationError::columnName, AggregationError::toJson));
    }
    return json;
  }

  /** Whether any expression or aggregation went wrong. */
  public boolean hasErrors() {
    return !rowErrors.isEmpty() || !aggregationErrors.isEmpty();
  }

  /** Every problem as a one-line message, row errors first. */
  public List<String> errorMessages() {
    List<String> messages = new ArrayList<>();
    rowErrors.forEach(e -> messages.add(e.describe()));
    aggregationErrors.forEach(e -> messages.add(e.describe()));
    return List.copyOf(messages);
  }

  private static <E> List<Map<String, Object>> capped(
      List<E> errors, Function<E, String> column, Function<E, Map<String, Object>> encode) {
    Map<String, Integer> perColumn = new HashMap<>();
    List<Map<String, Object>> kept = new ArrayList<>();
    for (E error : errors) {
      if (perColumn.merge(column.apply(error), 1, Integer::sum) <= MAX_ENCODED_ERRORS_PER_COLUMN) {
        kept.add(encode.apply(error));
      }
    }
    return kept;
  }
}
