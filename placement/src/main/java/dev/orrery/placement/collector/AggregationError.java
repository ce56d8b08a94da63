package dev.orrery.placement.collector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A problem met while aggregating one column; the CombinedStatus {@code aggregationErrors[]} entry.
 *
 * @param columnName the aggregated column
 * @param error what went wrong
 */
public record AggregationError(String columnName, String error) {

  /** Rejects nulls. */
  public AggregationError {
    Objects.requireNonNull(columnName, "columnName");
    Objects.requireNonNull(error, "error");
  }

  /** The CombinedStatus encoding {@code {columnName, error}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("columnName", columnName);
    json.put("error", error);
    return json;
  }

  /** A one-line description naming the column. */
  public String describe() {
    return "column " + columnName + ": " + error;
  }
}
