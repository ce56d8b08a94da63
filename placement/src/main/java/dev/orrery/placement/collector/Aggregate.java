package dev.orrery.placement.collector;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The running value of one {@code combinedFields} column over the rows of one group, computed in
 * float64 as KubeStellar computes it. Null subjects (and subjects that failed to evaluate) are
 * skipped; other non-numeric subjects are skipped and reported. Over no numbers the results are
 * upstream's: SUM {@code 0}, MIN {@code +Inf}, MAX {@code -Inf}, AVG {@code NaN}.
 */
final class Aggregate {

  private final CombinedField field;
  private long rows;
  private long numbers;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long ignored;
  private String ignoredExample;

  Aggregate(CombinedField field) {
    this.field = field;
  }

  /** Counts a row of the group (for COUNT). */
  void addRow() {
    rows++;
  }

  /** Adds a row's evaluated subject. */
  void addSubject(Object celValue, String cluster) {
    if (JsonValues.isNull(celValue)) {
      return;
    }
    BigDecimal number = JsonValues.decimalOrNull(celValue);
    if (number == null) {
      if (ignored++ == 0) {
        ignoredExample = JsonValues.describeCel(celValue) + " from WEC " + cluster;
      }
      return;
    }
    double value = number.doubleValue();
    numbers++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  /**
   * The aggregated cell: COUNT an integer, the others float64 Numbers spelled as Go spells them.
   */
  ColumnValue result() {
    return switch (field.type()) {
      case COUNT -> ColumnValue.number(BigDecimal.valueOf(rows));
      case SUM -> ColumnValue.number(sum);
      case AVG -> ColumnValue.number(numbers == 0 ? Double.NaN : sum / numbers);
      case MIN -> ColumnValue.number(min);
      case MAX -> ColumnValue.number(max);
    };
  }

  /** The report of skipped non-numeric subjects, if any; {@code group} describes the group. */
  Optional<AggregationError> problem(String group) {
    if (ignored == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new AggregationError(
            field.name(),
            field.type()
                + group
                + " skipped "
                + ignored
                + " non-numeric subject value(s), e.g. "
                + ignoredExample));
  }
}
