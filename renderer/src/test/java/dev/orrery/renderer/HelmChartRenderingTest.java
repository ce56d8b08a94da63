package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Charts rendered by the real Helm engine (helm-java's native library). */
class HelmChartRenderingTest {

  private final Renderer renderer = new Renderer();

  static Map<String, String> webChart(String dir) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(dir + "/Chart.yaml", "apiVersion: v2\nname: web-chart\nversion: 0.1.0\n");
    files.put(dir + "/values.yaml", "replicas: 1\ngreeting: hello\n");
    files.put(
        dir + "/templates/_helpers.tpl",
        "{{- define \"web.name\" -}}{{ .Release.Name }}-web{{- end -}}\n");
    files.put(dir + "/templates/NOTES.txt", "Thanks for installing {{ .Release.Name }}\n");
    files.put(
        dir + "/templates/configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-config
        data:
          greeting: {{ .Values.greeting | quote }}
          namespace: {{ .Release.Namespace | quote }}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-second
          namespace: explicit
        """);
    files.put(
        dir + "/templates/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "web.name" . }}
        spec:
          replicas: {{ .Values.replicas }}
        """);
    files.put(
        dir + "/templates/clusterrole.yaml",
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: {{ .Release.Name }}-reader
        rules: []
        """);
    return files;
  }

  private static List<String> summary(RenderResult result) {
    return result.objects().stream().map(o -> o.location() + " " + o.key()).toList();
  }

  private static List<String> errors(RenderResult result) {
    return result.errors().stream().map(RenderError::toString).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> field(DesiredObject object, String name) {
    return (Map<String, Object>) object.content().get(name);
  }

  private static DesiredObject named(RenderResult result, String name) {
    return result.objects().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void rendersALocalChartWithDefaultsNextToPlainFiles() {
    Map<String, String> files = webChart("apps/web");
    files.put("apps/a.yaml", RendererTest.configMap("plain-a"));
    files.put("apps/web-extra.yaml", RendererTest.configMap("plain-extra"));
    files.put("z.yaml", RendererTest.configMap("plain-z"));

    RenderResult result =
        renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), "team-a"));

    assertThat(errors(result)).isEmpty();
    assertThat(summary(result))
        .containsExactly(
            "apps/a.yaml:1 ConfigMap plain-a",
            "apps/web-extra.yaml:1 ConfigMap plain-extra",
            "apps/web/templates/configmap.yaml:1 ConfigMap team-a/web-config",
            "apps/web/templates/configmap.yaml:9 ConfigMap explicit/web-second",
            "apps/web/templates/clusterrole.yaml:1 rbac.authorization.k8s.io/ClusterRole web-reader",
            "apps/web/templates/deployment.yaml:1 apps/Deployment team-a/web-web",
            "z.yaml:1 ConfigMap plain-z");
    assertThat(field(named(result, "web-config"), "data"))
        .containsEntry("greeting", "hello")
        .containsEntry("namespace", "team-a");
    assertThat(field(named(result, "web-web"), "spec")).containsEntry("replicas", 1);
    assertThat(result.stats()).isEqualTo(new RenderStats(3, 0, 1, 0));
  }

  @Test
  void leavesNamespacesAloneWhenTheReleaseHasNone() {
    RenderResult result =
        renderer.render(RenderRequest.wholeTree(MapSourceTree.of(webChart("web")), ""));

    assertThat(errors(result)).isEmpty();
    assertThat(named(result, "web-config").namespace()).isEmpty();
    assertThat(named(result, "web-second").namespace()).isEqualTo("explicit");
  }

  @Test
  void appliesOrreryYamlReleaseNameNamespaceValuesFilesAndInlineValues() {
    Map<String, String> files = webChart("apps/web");
    files.put("apps/web/values-prod.yaml", "replicas: 5\ngreeting: from-values-file\n");
    files.put("shared/common.yaml", "greeting: from-shared\nreplicas: 2\n");
    files.put(
        "apps/web/orrery.yaml",
        """
        releaseName: frontend
        namespace: prod
        valuesFiles:
          - ../../shared/common.yaml
          - values-prod.yaml
        values:
          greeting: from-inline
        """);

    RenderResult result =
        renderer.render(
            new RenderRequest(MapSourceTree.of(files), List.of("apps"), "ignored-default"));

    assertThat(errors(result)).isEmpty();
    assertThat(result.objects())
        .extracting(DesiredObject::key)
        .extracting(ObjectKey::toString)
        .containsExactly(
            "ConfigMap prod/frontend-config",
            "ConfigMap explicit/frontend-second",
            "rbac.authorization.k8s.io/ClusterRole frontend-reader",
            "apps/Deployment prod/frontend-web");
    assertThat(field(named(result, "frontend-config"), "data"))
        .containsEntry("greeting", "from-inline")
        .containsEntry("namespace", "prod");
    assertThat(field(named(result, "frontend-web"), "spec")).containsEntry("replicas", 5);
  }

  @Test
  void reportsMistakesInOrreryYamlAtTheirLines() {
    Map<String, String> files = webChart("web");
    files.put(
        "web/orrery.yaml",
        """
        releaseName: web
        namespce: typo
        valuesFiles:
          - missing.yaml
          - ../../outside.yaml
        values: [not, a, map]
        """);

    RenderResult result = renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), ""));

    assertThat(errors(result))
        .containsExactly(
            "web/orrery.yaml:2: unknown field 'namespce' in orrery.yaml (expected releaseName, namespace, valuesFiles, values)",
            "web/orrery.yaml:4: values file 'missing.yaml' not found in the repository",
            "web/orrery.yaml:5: values file '../../outside.yaml' not found in the repository",
            "web/orrery.yaml:6: values must be a mapping");
    assertThat(result.stats().chartsRendered()).isZero();
  }

  @Test
  void usesASubchartVendoredInCharts() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "umbrella/Chart.yaml",
        """
        apiVersion: v2
        name: umbrella
        version: 1.0.0
        dependencies:
          - name: sub
            version: 0.2.0
        """);
    files.put("umbrella/values.yaml", "sub:\n  message: from-parent\n");
    files.put(
        "umbrella/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: top\n");
    files.put("umbrella/charts/sub-dir/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.2.0\n");
    files.put("umbrella/charts/sub-dir/values.yaml", "message: from-sub\n");
    files.put(
        "umbrella/charts/sub-dir/templates/cm.yaml",
        """
        # leading comment
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-sub
        data:
          message: {{ .Values.message }}
        """);

    RenderResult result = renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), "ns"));

    assertThat(errors(result)).isEmpty();
    assertThat(summary(result))
        .containsExactly(
            "umbrella/charts/sub-dir/templates/cm.yaml:2 ConfigMap ns/umbrella-sub",
            "umbrella/templates/cm.yaml:1 ConfigMap ns/top");
    assertThat(field(named(result, "umbrella-sub"), "data"))
        .containsEntry("message", "from-parent");
  }

  @Test
  void putsTheChartsCrdsFirstAndKeepsClusterScopedCustomObjectsUnnamespaced() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("op/Chart.yaml", "apiVersion: v2\nname: op\nversion: 1.0.0\n");
    files.put(
        "op/crds/widgets.yaml",
        """
        # CRD, not templated
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Cluster
          names: {kind: Widget, plural: widgets}
        """);
    files.put(
        "op/templates/widget.yaml",
        """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: the-widget
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: op
        """);

    RenderResult result = renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), "ops"));

    assertThat(errors(result)).isEmpty();
    assertThat(summary(result))
        .containsExactly(
            "op/crds/widgets.yaml:2 apiextensions.k8s.io/CustomResourceDefinition widgets.example.com",
            "op/templates/widget.yaml:6 ServiceAccount ops/op",
            "op/templates/widget.yaml:1 example.com/Widget the-widget");
  }

  @Test
  void rendersAChartAtTheRepositoryRootNamedAfterTheChart() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Chart.yaml", "apiVersion: v2\nname: rooted\nversion: 1.0.0\n");
    files.put(
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
    files.put("docs/example.yaml", "not: [a manifest\n");

    RenderResult result = renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), ""));

    assertThat(errors(result)).isEmpty();
    assertThat(summary(result)).containsExactly("templates/cm.yaml:1 ConfigMap rooted");
  }

  @Test
  void aRequestedPathInsideAChartSelectsTheWholeChart() {
    Map<String, String> files = webChart("apps/web");
    files.put("apps/other.yaml", RendererTest.configMap("other"));

    RenderResult result =
        renderer.render(
            new RenderRequest(MapSourceTree.of(files), List.of("apps/web/templates"), ""));

    assertThat(errors(result)).isEmpty();
    assertThat(result.objects())
        .extracting(DesiredObject::name)
        .containsExactly("web-config", "web-second", "web-reader", "web-web");
  }

  @Test
  void skipsIgnoredChartsAndLibraryCharts() {
    Map<String, String> files = webChart("apps/web");
    files.put(".orreryignore", "apps/web/\n");
    files.put(
        "libs/common/Chart.yaml", "apiVersion: v2\nname: common\ntype: library\nversion: 1.0.0\n");
    files.put("libs/common/templates/_x.tpl", "{{- define \"common.x\" -}}x{{- end -}}\n");
    files.put("other.yaml", RendererTest.configMap("other"));

    RenderResult result = renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), ""));

    assertThat(errors(result)).isEmpty();
    assertThat(summary(result)).containsExactly("other.yaml:1 ConfigMap other");
    assertThat(result.stats().chartsRendered()).isZero();
  }

  @Test
  void usesFileDependenciesFromElsewhereInTheRepository() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "libs/common/Chart.yaml", "apiVersion: v2\nname: common\ntype: library\nversion: 1.0.0\n");
    files.put(
        "libs/common/templates/_name.tpl",
        "{{- define \"common.name\" -}}{{ .Release.Name }}-common{{- end -}}\n");
    files.put(
        "apps/svc/Chart.yaml",
        """
        apiVersion: v2
        name: svc
        version: 1.0.0
        dependencies:
          - name: common
            version: 1.0.0
            repository: file://../../libs/common
        """);
    files.put(
        "apps/svc/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"common.name\" . }}\n");

    RenderResult result = renderer.render(RenderRequest.wholeTree(MapSourceTree.of(files), ""));

    assertThat(errors(result)).isEmpty();
    assertThat(summary(result))
        .containsExactly("apps/svc/templates/cm.yaml:1 ConfigMap svc-common");
  }
}
