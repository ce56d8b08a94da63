package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure helpers around Helm: error locations, template chunks, output reading, path mapping. */
class HelmSupportTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      template: web/templates/a.yaml:12:7: executing "web/templates/a.yaml" at <.Values.x.y>: nil pointer | web/templates/a.yaml | 12
      parse error at (web/templates/b.yaml:3): missing value for if | web/templates/b.yaml | 3
      execution error at (web/templates/c.yaml:4:12): name is required | web/templates/c.yaml | 4
      YAML parse error on web/templates/d.yaml: error converting YAML to JSON: yaml: line 5: mapping values | web/templates/d.yaml | 5
      template: web/templates/e.yaml:2:3: executing "web/templates/e.yaml" at <include "x" .>: error calling include: template: web/templates/_helpers.tpl:9:4: executing | web/templates/_helpers.tpl | 9
      """)
  void locatesTheInnermostTemplateAndLine(String message, String template, int line) {
    assertThat(HelmErrorLocator.locate(message))
        .contains(new HelmErrorLocator.Location(template, line));
  }

  @Test
  void findsNoLocationInAMessageWithoutOne() {
    assertThat(HelmErrorLocator.locate("validation: chart.metadata.version is required")).isEmpty();
  }

  @Test
  void cleansHelmMessages() {
    assertThat(
            HelmErrorLocator.clean(
                "first line\n  second\n\nUse --debug flag to render out invalid YAML\n"))
        .isEqualTo("first line second");
  }

  @Test
  void matchesRenderedDocumentsToTemplateChunksByKind() {
    TemplateChunks chunks =
        TemplateChunks.of(
            """
        # comment
        {{- if .Values.enabled }}
        apiVersion: v1
        kind: ConfigMap
        {{- end }}
        ---
        apiVersion: v1
        kind: "Service"
        ---
        apiVersion: v1
        kind: {{ .Values.kind }}
        ---

        ---
        apiVersion: apps/v1
        kind: Deployment # trailing comment
        """);

    assertThat(chunks.lineFor("Service")).isEqualTo(7);
    assertThat(chunks.lineFor("ConfigMap")).isEqualTo(3);
    assertThat(chunks.lineFor("Deployment")).isEqualTo(15);
    assertThat(chunks.lineFor("Secret")).isEqualTo(10);
    assertThat(chunks.lineFor("Deployment")).isEqualTo(15);
    assertThat(chunks.lineFor("Job")).isEqualTo(10);
  }

  @Test
  void readsHelmOutputLocatingDocumentsInTemplatesThatAreNotInTheTree() {
    String manifest =
        """
        ---
        # Source: top/charts/remote/templates/two.yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: first
        ---
        # Source: top/templates/here.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: here
        ---
        # Source: top/charts/remote/templates/two.yaml
        # a comment Helm kept
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: second
        """;
    TemplatePathMapper mapper =
        TemplatePathMapper.forChart(MapSourceTree.empty(), java.util.Set.of(), "apps/top", "top");
    HelmOutputReader reader =
        new HelmOutputReader(
            new ManifestParser(),
            path ->
                path.equals("apps/top/templates/here.yaml")
                    ? Optional.of(
                        "# header\n\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n")
                    : Optional.empty());

    ChartOutput output = reader.read(manifest, mapper, "apps/top/Chart.yaml");

    assertThat(output.errors()).isEmpty();
    assertThat(output.objects())
        .extracting(DesiredObject::location)
        .containsExactly(
            "apps/top/charts/remote/templates/two.yaml:1",
            "apps/top/templates/here.yaml:3",
            "apps/top/charts/remote/templates/two.yaml:7");
  }

  @Test
  void mapsTemplateNamesThroughVendoredSubchartDirectories() {
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                "top/Chart.yaml", "name: top-chart\n",
                "top/charts/db-dir/Chart.yaml", "name: db\n",
                "top/charts/db-dir/charts/inner/Chart.yaml", "name: deep\n",
                "top/charts/ignored/sub/Chart.yaml", "name: notasubchart\n"));
    TemplatePathMapper mapper =
        TemplatePathMapper.forChart(
            tree, new java.util.HashSet<>(tree.paths()), "top", "top-chart");

    assertThat(
            List.of(
                mapper.repoPath("top-chart/templates/a.yaml"),
                mapper.repoPath("top-chart/charts/db/templates/b.yaml"),
                mapper.repoPath("top-chart/charts/db/charts/deep/templates/c.yaml"),
                mapper.repoPath("top-chart/charts/fetched/templates/d.yaml"),
                mapper.repoPath("elsewhere/templates/e.yaml")))
        .containsExactly(
            "top/templates/a.yaml",
            "top/charts/db-dir/templates/b.yaml",
            "top/charts/db-dir/charts/inner/templates/c.yaml",
            "top/charts/fetched/templates/d.yaml",
            "top/elsewhere/templates/e.yaml");
  }

  @Test
  void resolvesRepositoryPaths() {
    assertThat(RepoPaths.resolve("apps/web", "../../shared/v.yaml")).contains("shared/v.yaml");
    assertThat(RepoPaths.resolve("apps/web", "./values/./prod.yaml"))
        .contains("apps/web/values/prod.yaml");
    assertThat(RepoPaths.resolve("", "a.yaml")).contains("a.yaml");
    assertThat(RepoPaths.resolve("apps", "../../x.yaml")).isEmpty();
    assertThat(RepoPaths.resolve("apps", "/etc/passwd")).isEmpty();
    assertThat(RepoPaths.isUnder("apps/web/x", "apps/web")).isTrue();
    assertThat(RepoPaths.isUnder("apps/webx", "apps/web")).isFalse();
    assertThat(RepoPaths.isUnder("anything", "")).isTrue();
  }
}
