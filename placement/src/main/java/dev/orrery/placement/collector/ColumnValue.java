package dev.orrery.placement.collector;

import dev.orrery.placement.match.Unstructured;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cell of a CombinedStatus row: a JSON value tagged with its type, encoded as in the
 * CombinedStatus CRD ({@code {type: Number, float: "3"}}, {@code {type: String, string: "x"}},
 * {@code {type: Bool, bool: true}}, {@code {type: Null}}, {@code {type: Object, object: {...}}},
 * {@code {type: Array, array: [...]}}).
 *
 * @param type which JSON type the cell holds
 * @param value the payload: a {@code String} for STRING, the number in JSON notation (a {@code
 *     String}) for NUMBER, a {@code Boolean} for BOOL, {@code null} for NULL, a {@code Map} for
 *     OBJECT and a {@code List} for ARRAY (plain JSON trees, copied unmodifiable)
 */
public record ColumnValue(Type type, Object value) implements Comparable<ColumnValue> {

  /** The JSON null cell. */
  public static final ColumnValue NULL = new ColumnValue(Type.NULL, null);

  private static final Comparator<ColumnValue> ORDER =
      Comparator.comparing(ColumnValue::type).thenComparing(ColumnValue::comparePayload);

  /** The cell types, in their sort order, with their API spelling and payload field. */
  public enum Type {
    /** JSON null; no payload field. */
    NULL("Null", null),
    /** JSON boolean, in {@code bool}. */
    BOOL("Bool", "bool"),
    /** JSON number, as text in {@code float}. */
    NUMBER("Number", "float"),
    /** JSON string, in {@code string}. */
    STRING("String", "string"),
    /** JSON object, in {@code object}. */
    OBJECT("Object", "object"),
    /** JSON array, in {@code array}. */
    ARRAY("Array", "array");

    private final String apiName;
    private final String field;

    Type(String apiName, String field) {
      this.apiName = apiName;
      this.field = field;
    }

    /** The {@code type} value in the API, e.g. {@code Number}. */
    public String apiName() {
      return apiName;
    }

    /** The field that holds the payload, e.g. {@code float}; {@code null} for NULL. */
    public String field() {
      return field;
    }
  }

  /** Checks that the payload fits the type. */
  public ColumnValue {
    Objects.requireNonNull(type, "type");
    boolean fits =
        switch (type) {
          case NULL -> value == null;
          case BOOL -> value instanceof Boolean;
          case NUMBER, STRING -> value instanceof String;
          case OBJECT -> value instanceof Map;
          case ARRAY -> value instanceof List;
        };
    if (!fits) {
      throw new IllegalArgumentException("payload " + value + " does not fit type " + type);
    }
    if (type == Type.OBJECT || type == Type.ARRAY) {
      value = Unstructured.immutableCopy(value);
    }
  }

  /** A string cell. */
  public static ColumnValue string(String value) {
    return new ColumnValue(Type.STRING, value);
  }

  /** A number cell; integral values are written without a fraction ({@code 3}, not {@code 3.0}). */
  public static ColumnValue number(BigDecimal value) {
    return new ColumnValue(Type.NUMBER, JsonValues.formatNumber(value));
  }

  /**
   * A number cell for a float64, spelled as KubeStellar spells it (Go's {@code
   * strconv.FormatFloat(v, 'g', -1, 64)}): {@code 2.5}, {@code 1e+06}, {@code NaN}, {@code +Inf}.
   */
  public static ColumnValue number(double value) {
    return new ColumnValue(Type.NUMBER, GoFloatFormat.format(value));
  }

  /** A boolean cell. */
  public static ColumnValue bool(boolean value) {
    return new ColumnValue(Type.BOOL, value);
  }

  /**
   * The cell for a CEL evaluation result. A double is spelled as {@link #number(double)} spells it
   * (NaN and the infinities included), an int or uint as a decimal integer. Timestamps become RFC
   * 3339 strings, durations strings such as {@code 1.5s}, bytes base64 strings, and maps and lists
   * plain JSON trees.
   *
   * @throws IllegalArgumentException when the value has no JSON form (a type JSON cannot carry, or
   *     NaN or an infinity inside a map or list)
   */
  public static ColumnValue fromCel(Object celValue) {
    if (celValue instanceof Double d) {
      return number(d);
    }
    Object json = JsonValues.fromCel(celValue);
    if (json == null) {
      return NULL;
    }
    if (json instanceof Boolean b) {
      return bool(b);
    }
    if (json instanceof String s) {
      return string(s);
    }
    if (json instanceof Map<?, ?>) {
      return new ColumnValue(Type.OBJECT, json);
    }
    if (json instanceof List<?>) {
      return new ColumnValue(Type.ARRAY, json);
    }
    return number(JsonValues.decimal(json));
  }

  /** Whether the cell is atomic (not an object or array), as {@code groupBy} values must be. */
  public boolean isAtomic() {
    return type != Type.OBJECT && type != Type.ARRAY;
  }

  /** The CombinedStatus encoding of the cell. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", type.apiName());
    if (type.field() != null) {
      json.put(type.field(), value);
    }
    return json;
  }

  /** Orders by type (Null, Bool, Number, String, Object, Array), then by value. */
  @Override
  public int compareTo(ColumnValue other) {
    return ORDER.compare(this, other);
  }

  /** Orders number texts by value: -Inf, finite values (exactly), +Inf, then NaN. */
  private static int compareNumbers(String a, String b) {
    double x = GoFloatFormat.parse(a);
    double y = GoFloatFormat.parse(b);
    if (Double.isFinite(x) && Double.isFinite(y)) {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    }
    return Double.compare(x, y);
  }

  private static int comparePayload(ColumnValue a, ColumnValue b) {
    return switch (a.type) {
      case NULL -> 0;
      case BOOL -> Boolean.compare((Boolean) a.value, (Boolean) b.value);
      case NUMBER -> compareNumbers((String) a.value, (String) b.value);
      case STRING -> ((String) a.value).compareTo((String) b.value);
      case OBJECT, ARRAY -> String.valueOf(a.value).compareTo(String.valueOf(b.value));
    };
  }
}
