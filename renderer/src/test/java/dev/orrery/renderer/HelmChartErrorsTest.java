package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Charts that Helm cannot render, or whose output is not valid, reported at file and line. */
class HelmChartErrorsTest {

  private final Renderer renderer = new Renderer();

  private static Map<String, String> chart(String dir, String template) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(dir + "/Chart.yaml", "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    files.put(dir + "/values.yaml", "replicas: 1\n");
    files.put(
        dir + "/templates/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n");
    files.put(dir + "/templates/bad.yaml", template);
    return files;
  }

  private RenderResult render(Map<String, String> files) {
    return renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), "ns"));
  }

  private static RenderError onlyError(RenderResult result) {
    assertThat(result.ok()).isFalse();
    assertThat(result.objects()).isEmpty();
    assertThat(result.errors()).hasSize(1);
    return result.errors().get(0);
  }

  @Test
  void reportsAnExecutionErrorAtTheTemplateLine() {
    RenderError error =
        onlyError(
            render(
                chart(
                    "apps/broken",
                    """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Values.missing.deeper }}
        """)));

    assertThat(error.path()).isEqualTo("apps/broken/templates/bad.yaml");
    assertThat(error.line()).isEqualTo(4);
    assertThat(error.message())
        .startsWith("Helm cannot render chart 'apps/broken': ")
        .contains("nil pointer")
        .doesNotContain("--debug")
        .doesNotContain("\n");
  }

  @Test
  void reportsATemplateSyntaxErrorAtItsLine() {
    RenderError error =
        onlyError(render(chart("c", "apiVersion: v1\n{{ if }}\nkind: ConfigMap\n")));

    assertThat(error.path()).isEqualTo("c/templates/bad.yaml");
    assertThat(error.line()).isEqualTo(2);
    assertThat(error.message()).contains("missing value for if");
  }

  @Test
  void reportsAFailCallAtItsLine() {
    RenderError error =
        onlyError(
            render(
                chart(
                    "c",
                    """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ required "name is required" .Values.name }}
        """)));

    assertThat(error.toString())
        .startsWith("c/templates/bad.yaml:4: ")
        .contains("name is required");
  }

  @Test
  void reportsAnErrorInsideAnIncludedHelperAtTheHelper() {
    Map<String, String> files =
        chart(
            "c",
            """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ include "broken.name" . }}
        """);
    files.put(
        "c/templates/_helpers.tpl",
        """
        {{/* a helper */}}
        {{- define "broken.name" -}}
        {{ .Values.nested.missing.name }}
        {{- end -}}
        """);

    RenderError error = onlyError(render(files));

    assertThat(error.path()).isEqualTo("c/templates/_helpers.tpl");
    assertThat(error.line()).isEqualTo(3);
  }

  @Test
  void reportsRenderedYamlThatHelmCannotParse() {
    RenderError error =
        onlyError(
            render(
                chart(
                    "c",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n    bad: indent\n")));

    assertThat(error.path()).isEqualTo("c/templates/bad.yaml");
    assertThat(error.line()).isEqualTo(5);
    assertThat(error.message()).contains("YAML parse error");
  }

  @Test
  void reportsRenderedObjectsWithoutRequiredFieldsAtTheirTemplateLine() {
    RenderResult result =
        render(
            chart(
                "c",
                """
        apiVersion: v1
        kind: Secret
        metadata:
          name: s
        ---
        {{- if true }}
        apiVersion: v1
        kind: ConfigMap
        metadata:
          labels: {a: b}
        {{- end }}
        """));

    assertThat(result.errors())
        .extracting(RenderError::toString)
        .containsExactly("c/templates/bad.yaml:7: object is missing metadata.name");
  }

  @Test
  void reportsABrokenChartYamlWithoutRunningHelm() {
    Map<String, String> files = chart("c", "");
    files.put("c/Chart.yaml", "apiVersion: v2\nname: [broken\nversion: 0.1.0\n");

    RenderResult result = render(files);

    assertThat(onlyError(result).path()).isEqualTo("c/Chart.yaml");
    assertThat(onlyError(result).line()).isEqualTo(3);
    assertThat(result.stats().chartsRendered()).isZero();
  }

  @Test
  void reportsAnInvalidReleaseNameAtChartYaml() {
    RenderError error = onlyError(render(chart("Not_A_Release", "")));

    assertThat(error.path()).isEqualTo("Not_A_Release/Chart.yaml");
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.message()).contains("release name");
  }

  @Test
  void collectsErrorsFromChartsFilesAndDuplicatesTogether() {
    Map<String, String> files = chart("charts-a", "{{ .Values.missing.x }}\n");
    files.putAll(
        chart(
            "charts-b",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n"));
    files.put("plain/broken.yaml", "a: b: c\n");
    files.put(
        "plain/dup.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: charts-b-cm\n  namespace: ns\n");

    RenderResult result = render(files);

    assertThat(result.objects()).isEmpty();
    assertThat(result.errors())
        .extracting(RenderError::path, RenderError::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("charts-a/templates/bad.yaml", 1),
            org.assertj.core.groups.Tuple.tuple("plain/broken.yaml", 1),
            org.assertj.core.groups.Tuple.tuple("plain/dup.yaml", 1));
    assertThat(result.errors().get(2).message())
        .isEqualTo(
            "duplicate object ConfigMap ns/charts-b-cm: already defined at charts-b/templates/bad.yaml:1");
  }

  @Test
  void doesNotCacheFailedRenders() {
    Map<String, String> files = chart("c", "{{ .Values.missing.x }}\n");
    MapSourceTree tree = MapSourceTree.of(files);

    renderer.render(RenderRequest.wholeTree(tree, ""));
    RenderResult again = renderer.render(RenderRequest.wholeTree(tree, ""));

    assertThat(again.ok()).isFalse();
    assertThat(again.stats()).isEqualTo(new RenderStats(0, 0, 1, 0));
  }

  @Test
  void reportsEveryErrorOfAnUnusableOrreryYamlAndOfOtherChartsInOneResult() {
    Map<String, String> files = chart("c", "");
    files.put("c/orrery.yaml", "releaseName: [x]\n");
    files.putAll(chart("d", "{{ if }}\n"));

    RenderResult result = render(files);

    assertThat(result.errors())
        .extracting(RenderError::toString)
        .hasSize(2)
        .first()
        .asString()
        .isEqualTo("c/orrery.yaml:1: releaseName must be a non-empty string");
    assertThat(result.errors().get(1).path()).isEqualTo("d/templates/bad.yaml");
    assertThat(result.stats().chartsRendered()).isEqualTo(1);
    assertThat(result.ok()).isFalse();
  }
}
