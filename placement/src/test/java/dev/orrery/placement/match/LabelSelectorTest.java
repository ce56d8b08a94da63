package dev.orrery.placement.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

  private static final Map<String, String> PROD_EU = Map.of("env", "prod", "region", "eu");

  static Stream<Arguments> matching() {
    return Stream.of(
        Arguments.of("{}", Map.of(), true),
        Arguments.of("{}", PROD_EU, true),
        Arguments.of("matchLabels: {}", PROD_EU, true),
        Arguments.of("matchLabels: {env: prod}", PROD_EU, true),
        Arguments.of("matchLabels: {env: dev}", PROD_EU, false),
        Arguments.of("matchLabels: {tier: web}", PROD_EU, false),
        Arguments.of("matchLabels: {env: prod, region: us}", PROD_EU, false),
        Arguments.of(
            "matchExpressions: [{key: env, operator: In, values: [dev, prod]}]", PROD_EU, true),
        Arguments.of("matchExpressions: [{key: env, operator: In, values: [dev]}]", PROD_EU, false),
        Arguments.of(
            "matchExpressions: [{key: tier, operator: In, values: [web]}]", PROD_EU, false),
        Arguments.of(
            "matchExpressions: [{key: env, operator: NotIn, values: [dev]}]", PROD_EU, true),
        Arguments.of(
            "matchExpressions: [{key: env, operator: NotIn, values: [prod]}]", PROD_EU, false),
        Arguments.of(
            "matchExpressions: [{key: tier, operator: NotIn, values: [web]}]", PROD_EU, true),
        Arguments.of("matchExpressions: [{key: env, operator: Exists}]", PROD_EU, true),
        Arguments.of("matchExpressions: [{key: tier, operator: Exists}]", PROD_EU, false),
        Arguments.of("matchExpressions: [{key: tier, operator: DoesNotExist}]", PROD_EU, true),
        Arguments.of("matchExpressions: [{key: env, operator: DoesNotExist}]", PROD_EU, false),
        Arguments.of(
            "{matchLabels: {env: prod}, matchExpressions: [{key: region, operator: In, values: [us]}]}",
            PROD_EU,
            false),
        Arguments.of(
            "{matchLabels: {env: prod}, matchExpressions: [{key: region, operator: In, values: [eu]}]}",
            PROD_EU,
            true),
        Arguments.of("matchExpressions: [{key: env, operator: Exists}]", Map.of(), false),
        Arguments.of(
            "matchExpressions: [{key: env, operator: NotIn, values: [x]}]", Map.of(), true));
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @MethodSource("matching")
  void matchesWithKubernetesSemantics(
      String selector, Map<String, String> labels, boolean expected) {
    LabelSelector parsed = LabelSelector.parse(Yaml.map(selector)).orElseThrow();
    assertThat(parsed.matches(labels)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "matchExpressions: [{key: env, operator: in, values: [a]}]",
            "selector.matchExpressions[0].operator: \"in\" is not a valid label selector operator"),
        Arguments.of(
            "matchExpressions: [{key: env, operator: Equals, values: [a]}]",
            "\"Equals\" is not a valid label selector operator (want In, NotIn, Exists or DoesNotExist)"),
        Arguments.of(
            "matchExpressions: [{key: env, values: [a]}]",
            "selector.matchExpressions[0].operator: is required"),
        Arguments.of(
            "matchExpressions: [{operator: Exists}]",
            "selector.matchExpressions[0].key: is required"),
        Arguments.of(
            "matchExpressions: [{key: env, operator: In}]",
            "selector.matchExpressions[0].values: must be non-empty when operator is In"),
        Arguments.of(
            "matchExpressions: [{key: env, operator: NotIn, values: []}]",
            "values: must be non-empty when operator is NotIn"),
        Arguments.of(
            "matchExpressions: [{key: env, operator: Exists, values: [a]}]",
            "values: must be empty when operator is Exists"),
        Arguments.of(
            "matchExpressions: [{key: env, operator: DoesNotExist, values: [a]}]",
            "values: must be empty when operator is DoesNotExist"),
        Arguments.of("matchLabels: {\"bad key\": a}", "label key \"bad key\" is invalid"),
        Arguments.of("matchLabels: {\"Bad_Prefix/x\": a}", "has an invalid prefix"),
        Arguments.of(
            "matchLabels: {env: \"-bad-\"}",
            "selector.matchLabels[env]: label value \"-bad-\" is invalid"),
        Arguments.of("matchLabels: {env: 3}", "selector.matchLabels[env]: value must be a string"),
        Arguments.of("matchLabels: [a]", "selector.matchLabels: must be an object"),
        Arguments.of("matchExpressions: {key: env}", "selector.matchExpressions: must be a list"),
        Arguments.of("matchExpressions: [a]", "selector.matchExpressions[0]: must be an object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsInvalidSelectors(String selector, String expectedError) {
    Parsed<LabelSelector> parsed = LabelSelector.parse(Yaml.map(selector));
    assertThat(parsed.isValid()).isFalse();
    assertThat(parsed.errors()).anySatisfy(e -> assertThat(e).contains(expectedError));
  }

  @ParameterizedTest
  @MethodSource("nonObjects")
  void rejectsNonObjectSelector(Object raw) {
    assertThat(LabelSelector.parse(raw).errors())
        .singleElement()
        .satisfies(e -> assertThat(e).startsWith("selector: must be a label selector object"));
  }

  static Stream<Object> nonObjects() {
    return Stream.of("env=prod", 3, List.of());
  }

  @ParameterizedTest
  @MethodSource("validKeys")
  void acceptsQualifiedKeysAndEmptyValues(String key) {
    assertThat(LabelSelector.parse(Map.of("matchLabels", Map.of(key, ""))).isValid()).isTrue();
  }

  static Stream<String> validKeys() {
    return Stream.of("env", "app.kubernetes.io/name", "example.com/a_b-c.d", "A1");
  }
}
