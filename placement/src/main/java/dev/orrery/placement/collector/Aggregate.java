package dev.orrery.placement.collector;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * The running value of one {@code combinedFields} column over the rows of one group. Null subjects
 * (and subjects that failed to evaluate) are skipped; other non-numeric subjects are skipped and
 * reported.
 */
final class Aggregate {

  private final CombinedField field;
  private long rows;
  private long numbers;
  private BigDecimal sum = BigDecimal.ZERO;
  private BigDecimal min;
  private BigDecimal max;
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
    numbers++;
    sum = sum.add(number);
    min = min == null || number.compareTo(min) < 0 ? number : min;
    max = max == null || number.compareTo(max) > 0 ? number : max;
  }

  /** The aggregated cell: COUNT and SUM are numbers; AVG, MIN and MAX are Null over no numbers. */
  ColumnValue result() {
    return switch (field.type()) {
      case COUNT -> ColumnValue.number(BigDecimal.valueOf(rows));
      case SUM -> ColumnValue.number(sum);
      case AVG ->
          numbers == 0
              ? ColumnValue.NULL
              : ColumnValue.number(sum.divide(BigDecimal.valueOf(numbers), MathContext.DECIMAL64));
      case MIN -> min == null ? ColumnValue.NULL : ColumnValue.number(min);
      case MAX -> max == null ? ColumnValue.NULL : ColumnValue.number(max);
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
