package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The release a chart render reports: what {@code helm install} would have recorded. */
class ChartReleaseTest {

  @Test
  void aRenderedChartReportsItsReleaseWithChartFieldsDefaultsUserValuesAndManifest() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "charts/web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 1.0\nappVersion: 2\ndescription: a web app\n"
            + "keywords: [web]\nnotAHelmField: x\n");
    files.put("charts/web/values.yaml", "greeting: hello\nnested: {a: 1, b: 2}\n");
    files.put("charts/web/prod.yaml", "greeting: hi\nnested: {b: 3}\n");
    files.put(
        "charts/web/orrery.yaml",
        "releaseName: front\nnamespace: shop\nvaluesFiles: [prod.yaml]\n"
            + "values: {nested: {c: 4}}\n");
    files.put(
        "charts/web/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\n"
            + "data: {greeting: {{ .Values.greeting | quote }}}\n");
    files.put("plain.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n");

    RenderResult result =
        new Renderer().render(new RenderRequest(MapSourceTree.of(files), List.of(), "default"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.releases()).hasSize(1);
    ChartRelease release = result.releases().get(0);
    assertThat(release.chartDir()).isEqualTo("charts/web");
    assertThat(release.name()).isEqualTo("front");
    assertThat(release.namespace()).isEqualTo("shop");
    assertThat(release.chart())
        .containsEntry("name", "web")
        .containsEntry("version", "1.0")
        .containsEntry("appVersion", "2")
        .containsEntry("apiVersion", "v2")
        .containsEntry("description", "a web app")
        .containsEntry("keywords", List.of("web"))
        .doesNotContainKey("notAHelmField");
    assertThat(release.chartValues())
        .containsEntry("greeting", "hello")
        .containsEntry("nested", Map.of("a", 1, "b", 2));
    assertThat(release.config())
        .containsEntry("greeting", "hi")
        .containsEntry("nested", Map.of("b", 3, "c", 4));
    assertThat(release.manifest())
        .contains("# Source: web/templates/cm.yaml")
        .contains("name: front")
        .contains("greeting: \"hi\"");
  }

  @Test
  void aRenderWithoutChartsHasNoReleasesAndARejectedOneNone() {
    RenderResult plain =
        new Renderer()
            .render(
                new RenderRequest(
                    MapSourceTree.of(
                        Map.of("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")),
                    List.of(),
                    "default"));
    assertThat(plain.releases()).isEmpty();

    RenderResult broken =
        new Renderer()
            .render(
                new RenderRequest(
                    MapSourceTree.of(
                        Map.of(
                            "c/Chart.yaml",
                            "apiVersion: v2\nname: c\nversion: 0.1.0\n",
                            "c/templates/x.yaml",
                            "{{ fail \"no\" }}\n")),
                    List.of(),
                    "default"));
    assertThat(broken.ok()).isFalse();
    assertThat(broken.releases()).isEmpty();
  }
}
