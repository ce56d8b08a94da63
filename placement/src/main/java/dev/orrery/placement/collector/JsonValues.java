package dev.orrery.placement.collector;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.orrery.placement.match.Unstructured;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between JSON-decoded trees and CEL values, and JSON number notation. */
public final class JsonValues {

  private static final BigDecimal PLAIN_MIN = new BigDecimal("1e-6");
  private static final BigDecimal PLAIN_MAX = new BigDecimal("1e21");
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private JsonValues() {}

  /**
   * A JSON-decoded tree as CEL sees it: JSON null becomes CEL {@code null}, integers {@code int}
   * (Long; integers beyond 64 bits become {@code double}), other numbers {@code double}, maps get
   * string keys; {@link Instant}s stay timestamps. Other objects are passed as their string form.
   */
  public static Object toCel(Object json) {
    if (json == null) {
      return NullValue.NULL_VALUE;
    }
    if (json instanceof String || json instanceof Boolean || json instanceof Long) {
      return json;
    }
    if (json instanceof Integer || json instanceof Short || json instanceof Byte) {
      return ((Number) json).longValue();
    }
    if (json instanceof BigInteger big) {
      return fitsLong(big) ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (json instanceof Number number) {
      return number.doubleValue();
    }
    if (json instanceof Instant) {
      return json;
    }
    if (json instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), toCel(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (json instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(toCel(item));
      }
      return Collections.unmodifiableList(copy);
    }
    return json.toString();
  }

  /**
   * A CEL evaluation result as a plain JSON tree ({@code null}, Boolean, String, Long, BigInteger,
   * Double, unmodifiable Map with string keys, unmodifiable List).
   *
   * @throws IllegalArgumentException for NaN, infinities and values JSON cannot carry
   */
  static Object fromCel(Object cel) {
    if (isNull(cel)) {
      return null;
    }
    if (cel instanceof Boolean || cel instanceof String || cel instanceof Long) {
      return cel;
    }
    if (cel instanceof Integer i) {
      return i.longValue();
    }
    if (cel instanceof UnsignedLong u) {
      BigInteger big = u.bigIntegerValue();
      return fitsLong(big) ? (Object) big.longValue() : big;
    }
    if (cel instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException(d + " cannot be represented in JSON");
      }
      return d;
    }
    if (cel instanceof Instant instant) {
      return instant.toString();
    }
    if (cel instanceof com.google.protobuf.Timestamp ts) {
      return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()).toString();
    }
    if (cel instanceof Duration duration) {
      return durationText(duration);
    }
    if (cel instanceof com.google.protobuf.Duration d) {
      return durationText(Duration.ofSeconds(d.getSeconds(), d.getNanos()));
    }
    if (cel instanceof CelByteString bytes) {
      return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
    if (cel instanceof com.google.protobuf.ByteString bytes) {
      return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
    if (cel instanceof CelType type) {
      return typeName(type);
    }
    if (cel instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(keyText(k), fromCel(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (cel instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(fromCel(item));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        "a value of type " + cel.getClass().getSimpleName() + " cannot be represented in JSON");
  }

  /** Whether a CEL value is {@code null} (Java null or either CEL null representation). */
  static boolean isNull(Object cel) {
    return cel == null || cel instanceof NullValue || cel instanceof com.google.protobuf.NullValue;
  }

  /** The exact decimal value of a finite CEL or JSON number, or {@code null} for anything else. */
  static BigDecimal decimalOrNull(Object value) {
    if (value instanceof Long || value instanceof Integer) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof UnsignedLong u) {
      return new BigDecimal(u.bigIntegerValue());
    }
    if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
    }
    return null;
  }

  /** The decimal value of a number produced by {@link #fromCel}. */
  static BigDecimal decimal(Object number) {
    BigDecimal decimal = decimalOrNull(number);
    if (decimal == null) {
      throw new IllegalArgumentException("not a finite number: " + number);
    }
    return decimal;
  }

  /**
   * JSON notation for a number: integral values without a fraction, plain notation between 1e-6 and
   * 1e21 in magnitude, scientific notation ({@code 1.5E+30}) outside.
   */
  static String formatNumber(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.signum() == 0) {
      return "0";
    }
    BigDecimal magnitude = stripped.abs();
    if (magnitude.compareTo(PLAIN_MIN) >= 0 && magnitude.compareTo(PLAIN_MAX) < 0) {
      return stripped.toPlainString();
    }
    return stripped.toString();
  }

  /** A short description of a JSON-decoded value for error messages. */
  static String describe(Object raw) {
    return Unstructured.describe(raw);
  }

  /** A short description of a CEL value for error messages. */
  static String describeCel(Object cel) {
    if (isNull(cel)) {
      return "null";
    }
    if (cel instanceof Long || cel instanceof Integer) {
      return "int " + cel;
    }
    if (cel instanceof UnsignedLong) {
      return "uint " + cel;
    }
    return describe(cel);
  }

  /** A CEL type value names the type it denotes: {@code type(1)} is {@code int}. */
  private static String typeName(CelType type) {
    if (type.kind() == CelKind.TYPE && type.parameters().size() == 1) {
      return type.parameters().get(0).name();
    }
    return type.name();
  }

  private static String keyText(Object key) {
    Object json = fromCel(key);
    return json == null ? "null" : json.toString();
  }

  private static String durationText(Duration duration) {
    BigDecimal seconds =
        BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    return (seconds.signum() == 0 ? "0" : seconds.stripTrailingZeros().toPlainString()) + "s";
  }

  private static boolean fitsLong(BigInteger big) {
    return big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0;
  }
}
