package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.match.LabelSelector;
import dev.orrery.placement.match.Parsed;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorSyntaxTest {
  static final Map<String, String> EDGE =
      Map.of("env", "prod", "tier", "web", "location-group", "edge");

  static Stream<Arguments> matching() {
    return Stream.of(
        Arguments.of("", true),
        Arguments.of("env=prod", true),
        Arguments.of("env==prod", true),
        Arguments.of("env = prod", true),
        Arguments.of("env=dev", false),
        Arguments.of("env!=dev", true),
        Arguments.of("env!=prod", false),
        Arguments.of("missing!=x", true),
        Arguments.of("tier in (web,api)", true),
        Arguments.of("tier in(api)", false),
        Arguments.of("tier notin (api, db)", true),
        Arguments.of("tier notin (web)", false),
        Arguments.of("env", true),
        Arguments.of("missing", false),
        Arguments.of("!missing", true),
        Arguments.of("!env", false),
        Arguments.of("env=prod,location-group in (edge,core),!gpu", true),
        Arguments.of("env=prod,tier=api", false));
  }

  @ParameterizedTest(name = "\"{0}\" matches: {1}")
  @MethodSource("matching")
  void selectsAsKubectlDoes(String text, boolean matches) {
    Parsed<LabelSelector> parsed = SelectorSyntax.parse(text);
    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.value().matches(EDGE)).isEqualTo(matches);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("tier in web", "cannot parse"),
        Arguments.of("tier in (web", "unbalanced"),
        Arguments.of("tier in ((web))", "unbalanced"),
        Arguments.of("a=b,,c=d", "empty requirement"),
        Arguments.of("bad key!=x", "label key"),
        Arguments.of("-bad=x", "label key"),
        Arguments.of("env=not a value", "label value"));
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @MethodSource("invalid")
  void rejectsWhatTheApiServerWould(String text, String message) {
    Parsed<LabelSelector> parsed = SelectorSyntax.parse(text);
    assertThat(parsed.isValid()).isFalse();
    assertThat(String.join("; ", parsed.errors())).containsIgnoringCase(message);
  }
}
