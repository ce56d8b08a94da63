package dev.orrery.placement.collector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An expression that failed for one WEC's row; the CombinedStatus {@code rowErrors[]} entry.
 *
 * @param cluster the WEC whose row failed
 * @param columnName the failing column, {@code ""} for the filter
 * @param error what went wrong
 */
public record RowError(String cluster, String columnName, String error) {

  /** Rejects nulls. */
  public RowError {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(columnName, "columnName");
    Objects.requireNonNull(error, "error");
  }

  /** The CombinedStatus encoding {@code {wec: {clusterId}, columnName, error}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("wec", Map.of("clusterId", cluster));
    json.put("columnName", columnName);
    json.put("error", error);
    return json;
  }

  /** A one-line description naming the WEC and the column. */
  public String describe() {
    String column = columnName.isEmpty() ? "filter" : "column " + columnName;
    return "WEC " + cluster + ", " + column + ": " + error;
  }
}
