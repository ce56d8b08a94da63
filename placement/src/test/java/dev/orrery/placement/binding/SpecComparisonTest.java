package dev.orrery.placement.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecComparisonTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("{a: 1, b: x}", "{b: x, a: 1}", null),
        Arguments.of("{a: 1, b: null}", "{a: 1}", null),
        Arguments.of("{a: 1}", "{a: 1.0}", null),
        Arguments.of("{a: 10000000000}", "{a: 10000000000}", null),
        Arguments.of("{a: {b: [1, {c: null}]}}", "{a: {b: [1, {}]}}", null),
        Arguments.of("{a: 1}", "{a: 2}", "$.a"),
        Arguments.of("{a: []}", "{}", "$.a"),
        Arguments.of("{a: {}}", "{}", "$.a"),
        Arguments.of("{a: false}", "{}", "$.a"),
        Arguments.of("{a: '1'}", "{a: 1}", "$.a"),
        Arguments.of("{a: [1, 2]}", "{a: [2, 1]}", "$.a[0]"),
        Arguments.of("{a: [1, 2]}", "{a: [1]}", "$.a (length 2 vs 1)"),
        Arguments.of("{a: {b: {c: x}}, z: 1}", "{a: {b: {c: y}}, z: 2}", "$.a.b.c"));
  }

  static Stream<Arguments> containment() {
    return Stream.of(
        Arguments.of("{a: 1, defaulted: x}", "{a: 1}", true),
        Arguments.of("{a: [{b: 1, d: Poll}]}", "{a: [{b: 1}]}", true),
        Arguments.of("{a: 1}", "{a: 1, b: 2}", false),
        Arguments.of("{a: [{b: 1}, {b: 2}]}", "{a: [{b: 1}]}", false),
        Arguments.of("{a: {type: SSA, ssa: {force: false}}}", "{a: {type: CreateOnly}}", false),
        Arguments.of("{a: 1}", "{a: null}", false),
        Arguments.of("{a: 1.0}", "{a: 1}", true));
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @MethodSource("containment")
  void containsAllToleratesExtraStoredFields(String stored, String desired, boolean expected) {
    assertThat(SpecComparison.containsAll(Yaml.map(stored), Yaml.map(desired))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @MethodSource("cases")
  void comparesSemantically(String stored, String computed, String difference) {
    assertThat(SpecComparison.firstDifference(Yaml.map(stored), Yaml.map(computed)).orElse(null))
        .isEqualTo(difference);
    assertThat(SpecComparison.equivalent(Yaml.map(stored), Yaml.map(computed)))
        .isEqualTo(difference == null);
  }
}
