package dev.orrery.placement.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BindingPolicySpecTest {

  private static final String NO_CRITERION =
      ": clause has no selection criterion; set at least one of apiGroup, resources, namespaces,"
          + " namespaceSelectors, objectNames or objectSelectors";

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("downsync: [{}]", List.of("spec.downsync[0]" + NO_CRITERION)),
        Arguments.of(
            "downsync: [{apiGroup: apps}, {createOnly: true, statusCollectors: [x]}]",
            List.of("spec.downsync[1]" + NO_CRITERION)),
        Arguments.of(
            "downsync: [{apiGroup: null, resources: [], namespaces: [], objectNames: []}]",
            List.of("spec.downsync[0]" + NO_CRITERION)),
        Arguments.of(
            "clusterSelectors: [{matchExpressions: [{key: a, operator: in, values: [b]}]}]",
            List.of(
                "spec.clusterSelectors[0].matchExpressions[0].operator: \"in\" is not a valid label selector"
                    + " operator (want In, NotIn, Exists or DoesNotExist)")),
        Arguments.of(
            "downsync: [{objectSelectors: [{matchExpressions: [{key: app, operator: In}]}]}]",
            List.of(
                "spec.downsync[0].objectSelectors[0].matchExpressions[0].values: must be non-empty when operator is In")),
        Arguments.of(
            "downsync: [{namespaceSelectors: [{matchLabels: {env: [prod]}}]}]",
            List.of(
                "spec.downsync[0].namespaceSelectors[0].matchLabels[env]: value must be a string, got a list")),
        Arguments.of(
            "downsync: [{resources: deployments}]",
            List.of(
                "spec.downsync[0].resources: must be a list of strings, got the string \"deployments\"",
                "spec.downsync[0]"
                    + NO_CRITERION
                    + " (to select every object say so explicitly, e.g. resources: [\"*\"])")),
        Arguments.of(
            "downsync: [{apiGroup: 1}]",
            List.of("spec.downsync[0].apiGroup: must be a string or null, got integer 1")),
        Arguments.of(
            "downsync: [{apiGroup: apps, createOnly: \"yes\"}]",
            List.of("spec.downsync[0].createOnly: must be a boolean, got the string \"yes\"")),
        Arguments.of(
            "downsync: {apiGroup: apps}", List.of("spec.downsync: must be a list, got an object")),
        Arguments.of(
            "downsync: [apps]",
            List.of("spec.downsync[0]: must be an object, got the string \"apps\"")),
        Arguments.of(
            "clusterSelectors: {}",
            List.of("spec.clusterSelectors: must be a list of label selectors, got an object")),
        Arguments.of(
            "clusterSelectors: [null]",
            List.of("spec.clusterSelectors[0]: must be a label selector object, got null")),
        Arguments.of(
            "clusterSelectors: [{matchLabels: {'a b': c}}]\ndownsync: [{}]",
            List.of(
                "spec.clusterSelectors[0].matchLabels: label key \"a b\" is invalid (name part must be 1-63"
                    + " alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)",
                "spec.downsync[0]"
                    + NO_CRITERION
                    + " (to select every object say so explicitly, e.g. resources: [\"*\"])")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void rejectsInvalidSpecsWithClearMessages(String spec, List<String> expectedErrors) {
    Parsed<BindingPolicySpec> parsed = BindingPolicySpec.parse(Yaml.map(spec));
    assertThat(parsed.isValid()).isFalse();
    assertThat(parsed.value()).isNull();
    assertThat(parsed.errors()).hasSameSizeAs(expectedErrors);
    for (int i = 0; i < expectedErrors.size(); i++) {
      assertThat(parsed.errors().get(i)).startsWith(expectedErrors.get(i));
    }
  }

  static Stream<String> validSpecs() {
    return Stream.of(
        "{}",
        "clusterSelectors: []\ndownsync: []",
        "downsync: [{apiGroup: ''}]",
        "downsync: [{resources: ['*']}]",
        "downsync: [{namespaceSelectors: [{}]}]",
        "downsync: [{objectSelectors: [{}]}]",
        "downsync: [{objectNames: [x], createOnly: false, wantSingletonReportedState: true}]",
        "clusterSelectors: [{}, {matchExpressions: [{key: a, operator: Exists}]}]\nunknownField: kept-out");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void acceptsValidSpecs(String spec) {
    assertThat(BindingPolicySpec.parse(Yaml.map(spec)).errors()).isEmpty();
  }

  @Test
  void parsesEveryFieldOfAClause() {
    BindingPolicySpec spec =
        BindingPolicySpec.parse(
                Yaml.map(
                    """
                    clusterSelectors:
                    - matchLabels: {location: eu}
                    downsync:
                    - apiGroup: ""
                      resources: [configmaps]
                      namespaces: [ns1]
                      namespaceSelectors: [{matchLabels: {env: prod}}]
                      objectNames: [cfg]
                      objectSelectors: [{matchExpressions: [{key: app, operator: NotIn, values: [db]}]}]
                      createOnly: true
                      wantSingletonReportedState: true
                      wantMultiWECReportedState: true
                      statusCollectors: [b, a, b]
                    """))
            .orElseThrow();
    assertThat(spec)
        .isEqualTo(
            new BindingPolicySpec(
                List.of(new LabelSelector(Map.of("location", "eu"), List.of())),
                List.of(
                    new DownsyncClause(
                        "",
                        List.of("configmaps"),
                        List.of("ns1"),
                        List.of(new LabelSelector(Map.of("env", "prod"), List.of())),
                        List.of("cfg"),
                        List.of(
                            new LabelSelector(
                                Map.of(),
                                List.of(
                                    new SelectorRequirement(
                                        "app", SelectorOperator.NOT_IN, List.of("db"))))),
                        new Modulation(true, true, true, List.of("a", "b"))))));
  }

  @Test
  void absentApiGroupIsNullButEmptyApiGroupIsCore() {
    BindingPolicySpec spec =
        BindingPolicySpec.parse(Yaml.map("downsync: [{resources: [x]}, {apiGroup: ''}]"))
            .orElseThrow();
    assertThat(spec.downsync().get(0).apiGroup()).isNull();
    assertThat(spec.downsync().get(1).apiGroup()).isEmpty();
  }

  @Test
  void nullSpecIsValidAndSelectsNothing() {
    BindingPolicySpec spec = BindingPolicySpec.parse(null).orElseThrow();
    PolicyMatch match =
        new PolicyMatcher(spec)
            .match(List.of(new Cluster("c1", Map.of(), Map.of())), PolicyMatcherTest.WORLD);
    assertThat(match).isEqualTo(PolicyMatch.EMPTY);
  }
}
