package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.Unstructured;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateExpanderTest {

  private static final ClusterProperties PROPS =
      ClusterProperties.of(
          new Cluster(
              "c-eu-1",
              Map.of("region", "label-region", "zone", "z1", "shared", "from-label"),
              Map.of("region", "annotation-region", "shared", "from-annotation", "owner", "ops")),
          Map.of("shared", "from-configmap", "url", "https://eu.example.com"));

  static Stream<Arguments> expansions() {
    return Stream.of(
        Arguments.of("{{.url}}", "https://eu.example.com"),
        Arguments.of("x-{{ .zone }}-y", "x-z1-y"),
        Arguments.of("{{.zone}}{{.owner}}", "z1ops"),
        Arguments.of("{{.clusterName}}", "c-eu-1"),
        Arguments.of("{{.shared}}", "from-configmap"),
        Arguments.of("{{.region}}", "annotation-region"),
        Arguments.of("a {{- .zone -}} b", "az1b"),
        Arguments.of("a {{- .zone }} b", "az1 b"),
        Arguments.of("no template }} here", "no template }} here"),
        Arguments.of("", ""));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("expansions")
  void expandsStringValuesFollowingTheLookupChain(String template, String expected) {
    Map<String, Object> object = annotated("data: {v: " + quote(template) + "}");
    assertThat(Unstructured.string(expanded(object), "data", "v")).contains(expected);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "{{.missing}}",
            "missing",
            "template expansion of ConfigMap ns1/app at data.v failed: no property \"missing\" for cluster c-eu-1"
                + " (looked in ConfigMap customization-properties/c-eu-1, ManagedCluster annotations and labels,"
                + " clusterName)"),
        Arguments.of(
            "x {{.zone",
            "",
            "template expansion of ConfigMap ns1/app at data.v failed: malformed template: \"{{\" at offset 2 is never"
                + " closed"),
        Arguments.of(
            "{{ index . \"zone\" }}",
            "",
            "template expansion of ConfigMap ns1/app at data.v failed: malformed template: unsupported action"
                + " \"{{index . \"zone\"}}\" (only {{.key}} is supported)"),
        Arguments.of(
            "{{.a-b}}",
            "",
            "template expansion of ConfigMap ns1/app at data.v failed: malformed template: unsupported action"
                + " \"{{.a-b}}\" (only {{.key}} is supported)"),
        Arguments.of(
            "{{}}",
            "",
            "template expansion of ConfigMap ns1/app at data.v failed: malformed template: unsupported action \"{{}}\""
                + " (only {{.key}} is supported)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void returnsErrorsAsValues(String template, String key, String message) {
    ExpansionResult result =
        TemplateExpander.expand(annotated("data: {v: " + quote(template) + "}"), PROPS);
    assertThat(result)
        .isEqualTo(
            new ExpansionResult.Failed(
                new TemplateError("ConfigMap ns1/app", "c-eu-1", "data.v", key, message)));
  }

  @Test
  void expandsEveryStringValueButNoKeyAndKeepsOtherTypes() {
    Map<String, Object> object =
        annotated(
            """
            data:
              "{{.zone}}": "{{.zone}}"
            spec:
              list: ["{{.zone}}", 3, true, null, {nested: "{{.clusterName}}"}]
              number: 5
            """);
    Map<String, Object> before = Unstructured.deepCopyMap(object);
    Map<String, Object> expected =
        annotated(
            """
            data:
              "{{.zone}}": z1
            spec:
              list: [z1, 3, true, null, {nested: c-eu-1}]
              number: 5
            """);
    assertThat(expanded(object)).isEqualTo(expected);
    assertThat(object).isEqualTo(before);
  }

  @Test
  void errorPathNamesTheFieldInsideListsAndOddKeys() {
    Map<String, Object> object = annotated("spec: {list: [ok, {\"a.b/c\": \"{{.nope}}\"}]}");
    ExpansionResult.Failed failed = (ExpansionResult.Failed) TemplateExpander.expand(object, PROPS);
    assertThat(failed.error().fieldPath()).isEqualTo("spec.list[1][\"a.b/c\"]");
    assertThat(failed.error().key()).isEqualTo("nope");
  }

  @Test
  void onlyObjectsAnnotatedTrueAreExpanded() {
    Map<String, Object> plain =
        Yaml.map("kind: ConfigMap\nmetadata: {name: a}\ndata: {v: '{{.zone}}'}");
    assertThat(TemplateExpander.expand(plain, PROPS))
        .isEqualTo(new ExpansionResult.Expanded(plain));
    Map<String, Object> off =
        Yaml.map(
            "kind: ConfigMap\nmetadata: {name: a, annotations: {control.kubestellar.io/expand-templates: 'false'}}\n"
                + "data: {v: '{{.missing}}'}");
    assertThat(TemplateExpander.expand(off, PROPS)).isEqualTo(new ExpansionResult.Expanded(off));
  }

  @Test
  void clusterNameCanBeShadowedEarlierInTheChain() {
    ClusterProperties props =
        new ClusterProperties("c1", Map.of("clusterName", "from-configmap"), null, null);
    assertThat(props.lookup("clusterName")).contains("from-configmap");
    assertThat(new ClusterProperties("c1", null, null, null).lookup("clusterName")).contains("c1");
    assertThat(new ClusterProperties("c1", null, null, Map.of("k", "label")).lookup("k"))
        .contains("label");
    assertThat(new ClusterProperties("c1", null, null, null).lookup("k")).isEmpty();
  }

  private static Map<String, Object> annotated(String body) {
    return Yaml.map(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: ns1\n"
            + "  annotations: {control.kubestellar.io/expand-templates: \"true\"}\n"
            + body);
  }

  private static Map<String, Object> expanded(Map<String, Object> object) {
    ExpansionResult result = TemplateExpander.expand(object, PROPS);
    assertThat(result).isInstanceOf(ExpansionResult.Expanded.class);
    return ((ExpansionResult.Expanded) result).object();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
