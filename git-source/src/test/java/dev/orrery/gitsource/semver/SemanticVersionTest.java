package dev.orrery.gitsource.semver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3",
        "0.0.0",
        "10.20.30",
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-0.3.7",
        "1.0.0-x.7.z.92",
        "1.0.0+20130313144700",
        "1.0.0-beta+exp.sha.5114f85",
        "1.0.0-x-y-z.--"
      })
  void parsesValidVersions(String text) {
    assertThat(SemanticVersion.parse(text)).map(SemanticVersion::toString).contains(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "1.2",
        "1.2.3.4",
        "01.2.3",
        "1.02.3",
        "1.2.03",
        "1.2.3-01",
        "1.2.3-",
        "1.2.3+",
        "v1.2.3",
        " 1.2.3",
        "1.2.3-alpha..1",
        "a.b.c",
        ""
      })
  void rejectsInvalidVersions(String text) {
    assertThat(SemanticVersion.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"v1.2.3, 1.2.3", "V1.2.3, 1.2.3", "1.2.3, 1.2.3", "v1.0.0-rc.1, 1.0.0-rc.1"})
  void parsesTagsWithOrWithoutV(String tag, String version) {
    assertThat(SemanticVersion.parseTag(tag)).map(SemanticVersion::toString).contains(version);
  }

  @Test
  void tagsThatAreNotVersionsAreIgnored() {
    assertThat(SemanticVersion.parseTag("release-1")).isEmpty();
    assertThat(SemanticVersion.parseTag("vv1.2.3")).isEmpty();
    assertThat(SemanticVersion.parseTag("")).isEmpty();
  }

  @Test
  void ordersByPrecedenceAsTheSpecificationExample() {
    // The ordering example of semver.org, item 11, shuffled.
    List<String> expected =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1",
            "10.0.0");
    List<String> shuffled =
        List.of(
            "2.1.1",
            "1.0.0-beta.11",
            "10.0.0",
            "1.0.0",
            "1.0.0-alpha.beta",
            "2.0.0",
            "1.0.0-rc.1",
            "1.0.0-alpha",
            "2.1.0",
            "1.0.0-beta.2",
            "1.0.0-alpha.1",
            "1.0.0-beta");
    List<String> sorted =
        shuffled.stream()
            .map(s -> SemanticVersion.parse(s).orElseThrow())
            .sorted()
            .map(SemanticVersion::toString)
            .collect(Collectors.toList());
    assertThat(sorted).isEqualTo(expected);
  }

  @Test
  void buildMetadataDoesNotChangePrecedence() {
    SemanticVersion a = SemanticVersion.parse("1.0.0+a").orElseThrow();
    SemanticVersion b = SemanticVersion.parse("1.0.0+b").orElseThrow();
    assertThat(a.compareTo(b)).isZero();
  }

  @Test
  void numericIdentifiersCompareNumerically() {
    SemanticVersion nine = SemanticVersion.parse("1.0.0-rc.9").orElseThrow();
    SemanticVersion ten = SemanticVersion.parse("1.0.0-rc.10").orElseThrow();
    assertThat(nine).isLessThan(ten);
    assertThat(SemanticVersion.parse("1.9.0").orElseThrow())
        .isLessThan(SemanticVersion.parse("1.10.0").orElseThrow());
  }
}
