package dev.orrery.placement.collector;

import static dev.orrery.placement.collector.Fixtures.evaluate;
import static dev.orrery.placement.collector.Fixtures.normalized;
import static dev.orrery.placement.collector.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.placement.Yaml;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ColumnValueTest {

  private static final String WEC =
      """
      c1:
        updated: "2024-05-06T07:08:09Z"
        status: {availableReplicas: 3, ratio: 0.5, name: web, ready: true, gone: null,
                 conditions: [{type: Available, status: "True"}]}
      """;

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of("\"text\"", "{type: String, string: text}"),
        Arguments.of("returned.status.name", "{type: String, string: web}"),
        Arguments.of("returned.status.availableReplicas", "{type: Number, float: '3'}"),
        Arguments.of("-7", "{type: Number, float: '-7'}"),
        Arguments.of("returned.status.ratio", "{type: Number, float: '0.5'}"),
        Arguments.of("2.0", "{type: Number, float: '2'}"),
        Arguments.of("10 / 4", "{type: Number, float: '2'}"),
        Arguments.of("10.0 / 4.0", "{type: Number, float: '2.5'}"),
        Arguments.of("1e30", "{type: Number, float: '1e+30'}"),
        Arguments.of("1e-7", "{type: Number, float: '1e-07'}"),
        Arguments.of("0.000001", "{type: Number, float: '1e-06'}"),
        Arguments.of("1000000.0", "{type: Number, float: '1e+06'}"),
        Arguments.of("1000000", "{type: Number, float: '1000000'}"),
        Arguments.of("18446744073709551615u", "{type: Number, float: '18446744073709551615'}"),
        Arguments.of("returned.status.ready", "{type: Bool, bool: true}"),
        Arguments.of("1 > 2", "{type: Bool, bool: false}"),
        Arguments.of("null", "{type: 'Null'}"),
        Arguments.of("returned.status.gone", "{type: 'Null'}"),
        Arguments.of(
            "returned.status.conditions[0]",
            "{type: Object, object: {type: Available, status: 'True'}}"),
        Arguments.of(
            "{\"a\": 1, \"b\": [true, null, 2.5], 3: \"int key\"}",
            "{type: Object, object: {a: 1, b: [true, null, 2.5], '3': int key}}"),
        Arguments.of("obj.metadata.labels", "{type: Object, object: {app: web}}"),
        Arguments.of("[1, \"a\", {\"k\": false}]", "{type: Array, array: [1, a, {k: false}]}"),
        Arguments.of(
            "returned.status.conditions.map(c, c.type)", "{type: Array, array: [Available]}"),
        Arguments.of(
            "propagation.lastReturnedUpdateTimestamp",
            "{type: String, string: '2024-05-06T07:08:09Z'}"),
        Arguments.of(
            "timestamp(\"2024-01-02T03:04:05.5Z\")",
            "{type: String, string: '2024-01-02T03:04:05.500Z'}"),
        Arguments.of("duration(\"1.5s\")", "{type: String, string: 1.5s}"),
        Arguments.of("duration(\"2m\")", "{type: String, string: 120s}"),
        Arguments.of("b\"hi\"", "{type: String, string: aGk=}"),
        Arguments.of(
            "[timestamp(\"2024-01-01T00:00:00Z\")]",
            "{type: Array, array: ['2024-01-01T00:00:00Z']}"),
        Arguments.of("type(1)", "{type: String, string: int}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encodesEveryJsonTypeAsTheCrdSays(String def, String expectedCell) {
    CollectorResult result = evaluate(selectOne(def), rows(WEC));

    assertThat(result.rowErrors()).isEmpty();
    Map<String, Object> json = normalized(result.toJson());
    assertThat(json.get("rows"))
        .isEqualTo(List.of(Map.of("columns", List.of(Yaml.map(expectedCell)))));
  }

  static Stream<Arguments> unrepresentable() {
    return Stream.of(Arguments.of("[0.0 / 0.0]", "NaN cannot be represented in JSON"));
  }

  @Test
  void aDoubleWithoutJsonFormIsANumberSpelledAsUpstreamSpellsIt() {
    CollectorResult result = evaluate(selectOne("[1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0]"), rows(WEC));
    assertThat(result.rowErrors()).hasSize(1);

    assertThat(evaluate(selectOne("1.0 / 0.0"), rows(WEC)).rows())
        .containsExactly(List.of(new ColumnValue(ColumnValue.Type.NUMBER, "+Inf")));
    assertThat(evaluate(selectOne("-1.0 / 0.0"), rows(WEC)).rows())
        .containsExactly(List.of(new ColumnValue(ColumnValue.Type.NUMBER, "-Inf")));
    assertThat(evaluate(selectOne("0.0 / 0.0"), rows(WEC)).rows())
        .containsExactly(List.of(new ColumnValue(ColumnValue.Type.NUMBER, "NaN")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unrepresentable")
  void aValueWithoutJsonFormIsNullAndReported(String def, String error) {
    CollectorResult result = evaluate(selectOne(def), rows(WEC));

    assertThat(result.rows()).containsExactly(List.of(ColumnValue.NULL));
    assertThat(result.rowErrors()).containsExactly(new RowError("c1", "v", error));
  }

  @Test
  void ordersNumbersByValueWithTheInfinitiesAtTheEndsAndNaNLast() {
    List<ColumnValue> values =
        new ArrayList<>(
            List.of(
                ColumnValue.number(Double.NaN),
                ColumnValue.number(Double.POSITIVE_INFINITY),
                ColumnValue.number(new BigDecimal("18446744073709551615")),
                ColumnValue.number(new BigDecimal("18446744073709551614")),
                ColumnValue.number(1e6),
                ColumnValue.number(Double.NEGATIVE_INFINITY)));

    values.sort(null);

    assertThat(values)
        .extracting(ColumnValue::value)
        .containsExactly(
            "-Inf", "1e+06", "18446744073709551614", "18446744073709551615", "+Inf", "NaN");
  }

  @Test
  void ordersByTypeThenValue() {
    List<ColumnValue> values =
        new ArrayList<>(
            List.of(
                ColumnValue.string("b"),
                ColumnValue.number(new BigDecimal("10")),
                ColumnValue.bool(true),
                ColumnValue.NULL,
                ColumnValue.string("a"),
                ColumnValue.number(new BigDecimal("9.5")),
                ColumnValue.bool(false)));

    values.sort(null);

    assertThat(values)
        .containsExactly(
            ColumnValue.NULL,
            ColumnValue.bool(false),
            ColumnValue.bool(true),
            ColumnValue.number(new BigDecimal("9.5")),
            ColumnValue.number(BigDecimal.TEN),
            ColumnValue.string("a"),
            ColumnValue.string("b"));
  }

  @Test
  void numbersHaveOneCanonicalSpelling() {
    assertThat(ColumnValue.number(new BigDecimal("3.000")))
        .isEqualTo(ColumnValue.number(new BigDecimal("3")));
    assertThat(ColumnValue.number(new BigDecimal("-0.0")).value()).isEqualTo("0");
    assertThat(ColumnValue.number(new BigDecimal("123456789012345678901")).value())
        .isEqualTo("123456789012345678901");
    assertThat(ColumnValue.number(new BigDecimal("1e21")).value()).isEqualTo("1E+21");
  }

  @Test
  void rejectsAPayloadThatDoesNotFitTheType() {
    assertThatThrownBy(() -> new ColumnValue(ColumnValue.Type.NUMBER, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ColumnValue(ColumnValue.Type.NULL, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static CompiledCollector selectOne(String def) {
    return CompiledCollector.compile(
            "sc", Map.of("select", List.of(Map.of("name", "v", "def", def))))
        .orElseThrow();
  }
}
