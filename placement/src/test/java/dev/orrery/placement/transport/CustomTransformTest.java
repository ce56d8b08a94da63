package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.Unstructured;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CustomTransformTest {

  static Stream<Arguments> validPaths() {
    return Stream.of(
        Arguments.of("$.spec.replicas", List.of("spec", "replicas")),
        Arguments.of(
            "$.metadata.labels[\"app.kubernetes.io/name\"]",
            List.of("metadata", "labels", "app.kubernetes.io/name")),
        Arguments.of(
            "$[\"metadata\"][\"annotations\"][\"a.b/c\"]",
            List.of("metadata", "annotations", "a.b/c")),
        Arguments.of("$[\"we\\\"ird\\\\key\"]", List.of("we\"ird\\key")),
        Arguments.of("$.a-b.c_d", List.of("a-b", "c_d")),
        Arguments.of("$[\"a.b\"].c", List.of("a.b", "c")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validPaths")
  void parsesPaths(String text, List<String> segments) {
    assertThat(TransformPath.parse(text).orElseThrow())
        .isEqualTo(new TransformPath(text, segments));
  }

  static Stream<Arguments> invalidPaths() {
    return Stream.of(
        Arguments.of(
            "$",
            "path \"$\": \"$\" alone would remove the whole object; name at least one field, e.g. $.spec.replicas"),
        Arguments.of("", "path \"\": must start with \"$\""),
        Arguments.of("spec.replicas", "path \"spec.replicas\": must start with \"$\""),
        Arguments.of("$.", "path \"$.\": empty field name after \".\" at position 1"),
        Arguments.of("$..a", "path \"$..a\": empty field name after \".\" at position 1"),
        Arguments.of("$[name]", "path \"$[name]\": expected [\"name\"] at position 1"),
        Arguments.of("$[\"a\"", "path \"$[\"a\"\": unterminated [\"...\"] starting at position 1"),
        Arguments.of(
            "$[\"a\"x", "path \"$[\"a\"x\": unterminated [\"...\"] starting at position 1"),
        Arguments.of("$[\"\"]", "path \"$[\"\"]\": empty field name in [\"\"] at position 1"),
        Arguments.of(
            "$x", "path \"$x\": unexpected 'x' at position 1 (want \".name\" or [\"name\"])"),
        Arguments.of(
            "$.a[\"b\"]x",
            "path \"$.a[\"b\"]x\": unexpected 'x' at position 8 (want \".name\" or [\"name\"])"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidPaths")
  void reportsPathErrorsAsValues(String text, String error) {
    Parsed<TransformPath> parsed = TransformPath.parse(text);
    assertThat(parsed.errors()).containsExactly(error);
  }

  private static final String OBJECT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, labels: {app.kubernetes.io/name: web, keep: me}}
      spec:
        replicas: 3
        template: {spec: {containers: [{name: c, resources: {limits: {cpu: "1"}}}]}}
      """;

  @Test
  void removesValidPathsAfterReportingInvalidOnes() {
    CustomTransform transform =
        CustomTransform.parse(
            "drop-replicas",
            Yaml.map(
                """
                apiGroup: apps
                resource: deployments
                remove:
                - $.spec.replicas
                - $
                - $.metadata.labels["app.kubernetes.io/name"]
                - $.spec.template.spec.containers.resources
                - $.does.not.exist
                """));
    assertThat(transform.errors())
        .containsExactly(
            "spec.remove[1]: path \"$\": \"$\" alone would remove the whole object; name at least one field,"
                + " e.g. $.spec.replicas");
    Map<String, Object> object = Yaml.map(OBJECT);
    Map<String, Object> before = Unstructured.deepCopyMap(object);
    assertThat(transform.apply(object))
        .isEqualTo(
            Yaml.map(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {keep: me}}
                spec:
                  template: {spec: {containers: [{name: c, resources: {limits: {cpu: "1"}}}]}}
                """));
    assertThat(object).isEqualTo(before);
  }

  @Test
  void appliesOnlyToItsGroupAndResource() {
    CustomTransform core =
        CustomTransform.parse(
            "core", Yaml.map("{apiGroup: '', resource: configmaps, remove: [$.data.x]}"));
    CustomTransform apps =
        CustomTransform.parse(
            "apps", Yaml.map("{apiGroup: apps, resource: deployments, remove: [$.spec.replicas]}"));
    CustomTransform noGroup =
        CustomTransform.parse("no-group", Yaml.map("{resource: deployments, remove: [$.kind]}"));
    assertThat(core.appliesTo("", "configmaps")).isTrue();
    assertThat(core.appliesTo("apps", "configmaps")).isFalse();
    assertThat(apps.appliesTo("apps", "deployments")).isTrue();
    assertThat(apps.appliesTo("apps", "replicasets")).isFalse();
    assertThat(noGroup.appliesTo("", "deployments")).isTrue();

    Map<String, Object> result =
        CustomTransform.applyMatching(List.of(core, apps), "apps", "deployments", Yaml.map(OBJECT));
    assertThat(Unstructured.value(result, "spec", "replicas")).isEmpty();
    assertThat(Unstructured.value(result, "metadata", "labels", "keep")).contains("me");
  }

  @Test
  void reportsSpecErrors() {
    assertThat(CustomTransform.parse("t", Yaml.map("{apiGroup: 3, remove: $.a}")).errors())
        .containsExactly(
            "spec.apiGroup: must be a string",
            "spec.resource: is required",
            "spec.remove: must be a list of strings");
    assertThat(CustomTransform.parse("t", Yaml.map("{resource: x, remove: [$.a, 7]}")).errors())
        .containsExactly("spec.remove[1]: must be a string");
  }
}
