package dev.orrery.placement.collector;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Spells a float64 exactly as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} does, which is how
 * KubeStellar writes every floating-point Number in a CombinedStatus: the shortest decimal that
 * reads back as the same double; {@code %e} style ({@code 1.5e+06}, {@code 1e-05}) when the decimal
 * exponent is below -4 or at least 6, plain digits otherwise; {@code NaN}, {@code +Inf}, {@code
 * -Inf} for the values JSON cannot carry.
 */
final class GoFloatFormat {
  /** Go's 'g' switches to the exponent form from this decimal exponent on (shortest precision). */
  private static final int EXPONENT_FROM = 6;

  private GoFloatFormat() {}

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    String sign = (Double.doubleToRawLongBits(value) < 0) ? "-" : "";
    if (value == 0) {
      return sign + "0";
    }
    BigDecimal shortest = shortest(Math.abs(value));
    String digits = shortest.unscaledValue().toString().replaceAll("0+$", "");
    // The decimal exponent of the first digit: value = 0.d1d2... × 10^(pointPosition).
    int pointPosition = shortest.precision() - shortest.scale();
    int exponent = pointPosition - 1;
    if (exponent < -4 || exponent >= EXPONENT_FROM) {
      StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        out.append('0');
      }
      return out.append(magnitude).toString();
    }
    StringBuilder out = new StringBuilder(sign);
    if (pointPosition <= 0) {
      out.append("0.").append("0".repeat(-pointPosition)).append(digits);
    } else if (pointPosition >= digits.length()) {
      out.append(digits).append("0".repeat(pointPosition - digits.length()));
    } else {
      out.append(digits, 0, pointPosition)
          .append('.')
          .append(digits, pointPosition, digits.length());
    }
    return out.toString();
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code value} (positive,
   * finite).
   */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == value) {
        return candidate;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }

  /** Reads a Number cell's text for ordering: the special spellings, or the decimal value. */
  static double parse(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> new BigDecimal(text).doubleValue();
    };
  }
}
