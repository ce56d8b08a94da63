package dev.orrery.placement.collector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spellings checked against Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}. */
class GoFloatFormatTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 0",
        "-0.0 | -0",
        "1 | 1",
        "-7 | -7",
        "2.5 | 2.5",
        "0.1 | 0.1",
        "0.0001 | 0.0001",
        "0.00001 | 1e-05",
        "0.000012345 | 1.2345e-05",
        "123456 | 123456",
        "999999 | 999999",
        "1000000 | 1e+06",
        "1500000 | 1.5e+06",
        "1234567 | 1.234567e+06",
        "2.3333333333333335 | 2.3333333333333335",
        "1e21 | 1e+21",
        "1.7976931348623157e308 | 1.7976931348623157e+308",
        "5e-324 | 5e-324",
        "100 | 100",
        "0.3 | 0.3",
      })
  void spellsFiniteValuesAsGo(double value, String expected) {
    assertThat(GoFloatFormat.format(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"NaN, NaN", "Infinity, +Inf", "-Infinity, -Inf"})
  void spellsTheValuesJsonCannotCarryAsGo(double value, String expected) {
    assertThat(GoFloatFormat.format(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"1e+06", "2.5", "-Inf", "+Inf", "1.2345e-05", "0"})
  void readsItsOwnSpellingBack(String text) {
    assertThat(GoFloatFormat.format(GoFloatFormat.parse(text))).isEqualTo(text);
  }

  @org.junit.jupiter.api.Test
  void sumOfTenthsIsSpelledLikeGoSpellsTheFloat64Sum() {
    assertThat(GoFloatFormat.format(0.1 + 0.2)).isEqualTo("0.30000000000000004");
  }
}
