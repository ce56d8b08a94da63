package dev.orrery.renderer;

import static dev.orrery.renderer.HostileInput.measured;
import static dev.orrery.renderer.HostileInput.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile charts: templates that loop or emit without bound are stopped by the Helm worker's time
 * and output limits and reported at the chart, after which Helm still works; dependencies naming
 * remote repositories are not fetched for untrusted content.
 */
class HostileHelmTest {

  private static final RenderLimits TIGHT =
      RenderLimits.DEFAULTS.withHelm(Duration.ofSeconds(5), 1 << 20);

  private static Map<String, String> chart(String template) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("charts/evil/Chart.yaml", "apiVersion: v2\nname: evil\nversion: 0.1.0\n");
    files.put("charts/evil/templates/evil.yaml", template);
    files.put("plain.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n");
    return files;
  }

  private static RenderResult render(String name, Renderer renderer, Map<String, String> files) {
    return measured(
        name, () -> renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), "ns")));
  }

  /** A render with default limits after the worker was killed: it starts a new one. */
  private static void helmStillWorks() {
    RenderResult next =
        new Renderer()
            .render(
                RenderRequest.wholeTree(
                    MapSourceTree.of(HelmChartRenderingTest.webChart("web")), "ns"));
    assertThat(next.errors()).isEmpty();
    assertThat(next.objects()).isNotEmpty();
  }

  @Test
  void aTemplateThatLoopsIsStoppedAtTheTimeout() {
    Renderer renderer = new Renderer(TIGHT);
    RenderError error =
        onlyError(
            render(
                "template looping 10^15 times, helmTimeout 5 s",
                renderer,
                chart(
                    """
        {{- range until 100000 }}{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}{{ end }}
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: never}
        """)));

    assertThat(error.path()).isEqualTo("charts/evil/Chart.yaml");
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.message()).contains("did not finish within 5 s (helmTimeout)");
    helmStillWorks();
  }

  @Test
  void aTemplateEmittingWithoutBoundIsStoppedByTimeOrSize() {
    Renderer renderer = new Renderer(TIGHT);
    RenderError error =
        onlyError(
            render(
                "template emitting 10^10 bytes, helmTimeout 5 s",
                renderer,
                chart(
                    """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: huge}
        data:
          x: "{{ range until 100000 }}{{ range until 100000 }}x{{ end }}{{ end }}"
        """)));

    assertThat(error.path()).isEqualTo("charts/evil/Chart.yaml");
    assertThat(error.message()).containsAnyOf("(helmTimeout)", "(maxHelmOutputBytes)");
    helmStillWorks();
  }

  @Test
  void anOutputLargerThanTheLimitIsRefused() {
    Renderer renderer =
        new Renderer(RenderLimits.DEFAULTS.withHelm(Duration.ofSeconds(60), 1 << 20));
    RenderError error =
        onlyError(
            render(
                "template emitting 8 MB, maxHelmOutputBytes 1 MiB",
                renderer,
                chart(
                    """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: big}
        data:
          x: "{{ range until 1000 }}{{ range until 8000 }}x{{ end }}{{ end }}"
        """)));

    assertThat(error.path()).isEqualTo("charts/evil/Chart.yaml");
    assertThat(error.message())
        .contains("more than the limit of 1048576 bytes (maxHelmOutputBytes)");
    helmStillWorks();
  }

  @Test
  void manyDocumentsFromOneTemplateStayWithinBounds() {
    RenderResult result =
        render(
            "template emitting 5,000 objects",
            new Renderer(),
            chart(
                """
        {{- range $i := until 5000 }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "cm-{{ $i }}"}
        {{- end }}
        """));

    assertThat(result.errors()).isEmpty();
    assertThat(result.objects()).hasSize(5_001);
  }

  @Test
  void aDependencyNamingARemoteRepositoryIsNotFetchedForUntrustedContent() {
    Map<String, String> files = chart("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    files.put(
        "charts/evil/Chart.yaml",
        "apiVersion: v2\nname: evil\nversion: 0.1.0\ndependencies:\n"
            + "- name: backdoor\n  version: 1.0.0\n  repository: https://charts.invalid/\n");
    RenderError error =
        onlyError(
            render("remote dependency, untrusted", Renderer.forUntrustedContent(TIGHT), files));

    assertThat(error.path()).isEqualTo("charts/evil/Chart.yaml");
    assertThat(error.message()).contains("not vendored in charts/");
  }

  @Test
  void aDependencyNamingAnUnreachableRepositoryIsAnErrorWithinTheTimeout() {
    Map<String, String> files = chart("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    files.put(
        "charts/evil/Chart.yaml",
        "apiVersion: v2\nname: evil\nversion: 0.1.0\ndependencies:\n"
            + "- name: backdoor\n  version: 1.0.0\n  repository: https://charts.invalid/\n");
    RenderError error =
        onlyError(render("remote dependency, unreachable", new Renderer(TIGHT), files));

    assertThat(error.path()).isEqualTo("charts/evil/Chart.yaml");
    assertThat(error.message()).startsWith("Helm cannot render chart 'charts/evil': ");
  }

  @Test
  void aTemplateRenderingInvalidYamlIsReportedAtTheTemplate() {
    RenderResult result =
        render(
            "template emitting a duplicate key",
            new Renderer(),
            chart(
                """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
          name: b
        """));

    RenderError error = onlyError(result);
    assertThat(error.path()).isEqualTo("charts/evil/templates/evil.yaml");
    assertThat(error.line()).isEqualTo(5);
  }
}
