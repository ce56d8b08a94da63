package dev.orrery.placement.collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the {@code results} of a CombinedStatus: every collector evaluated over the rows (one
 * per WEC) of one workload object.
 *
 * <p>Per collector: the {@code filter} keeps a row only when it yields {@code true} (Orrery: null,
 * a non-boolean or an evaluation error exclude the row); with {@code select} each kept row gives
 * one output row, in WEC-name order; with {@code combinedFields} the kept rows are grouped by the
 * {@code groupBy} values (one output row per group, sorted by those values; without {@code groupBy}
 * exactly one row) and aggregated; then {@code limit} cuts the output. Evaluation problems never
 * throw: they are collected in each {@link CollectorResult}.
 */
public final class CombinedStatusCalculator {

  private CombinedStatusCalculator() {}

  /**
   * Evaluates {@code collectors} over {@code rows} of {@code obj}.
   *
   * @param collectors the valid collectors named by the object's clauses; names must be distinct
   * @param obj the WDS object (JSON-decoded), seen by CEL as {@code obj}
   * @param rows one row per WEC; cluster names must be distinct
   * @return one result per collector, sorted by collector name
   * @throws IllegalArgumentException when two collectors or two rows share a name
   */
  public static CombinedStatusResults compute(
      List<CompiledCollector> collectors, Map<String, Object> obj, List<WecRow> rows) {
    requireDistinct(collectors.stream().map(CompiledCollector::name).toList(), "collector");
    requireDistinct(rows.stream().map(WecRow::cluster).toList(), "WEC row");
    Object celObject = JsonValues.toCel(obj == null ? Map.of() : obj);
    List<RowVariables> variables =
        rows.stream()
            .sorted(Comparator.comparing(WecRow::cluster))
            .map(row -> RowVariables.of(celObject, row))
            .toList();
    List<CollectorResult> results = new ArrayList<>();
    collectors.stream()
        .sorted(Comparator.comparing(CompiledCollector::name))
        .forEach(collector -> results.add(CollectorEvaluator.evaluate(collector, variables)));
    return new CombinedStatusResults(results);
  }

  private static void requireDistinct(List<String> names, String what) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("duplicate " + what + " name " + name);
      }
    }
  }
}
