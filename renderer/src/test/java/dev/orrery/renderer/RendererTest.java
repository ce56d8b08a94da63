package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {

  private final Renderer renderer = new Renderer();

  static String configMap(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n";
  }

  static String configMap(String namespace, String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
        + name
        + "\n  namespace: "
        + namespace
        + "\n";
  }

  private static List<String> locations(RenderResult result) {
    return result.objects().stream().map(o -> o.location() + " " + o.key()).toList();
  }

  private static List<String> errors(RenderResult result) {
    return result.errors().stream().map(RenderError::toString).toList();
  }

  @Test
  void rendersEveryManifestFileInPathThenDocumentOrder() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("z.yaml", configMap("z"));
    files.put("apps/b.yml", configMap("b1") + "---\n" + configMap("b2"));
    files.put(
        "apps/a.json",
        "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\","
            + " \"metadata\": {\"name\": \"web\", \"namespace\": \"frontend\"}}");
    files.put("apps/README.md", "not a manifest");
    files.put("apps/UPPER.YAML", configMap("upper"));
    MapSourceTree tree = MapSourceTree.of(files);

    RenderResult result = renderer.render(RenderRequest.wholeTree(tree, ""));

    assertThat(result.ok()).isTrue();
    assertThat(locations(result))
        .containsExactly(
            "apps/UPPER.YAML:1 ConfigMap upper",
            "apps/a.json:1 apps/Deployment frontend/web",
            "apps/b.yml:1 ConfigMap b1",
            "apps/b.yml:6 ConfigMap b2",
            "z.yaml:1 ConfigMap z");
  }

  @Test
  void rendersOnlyTheRequestedDirectoriesAndFiles() {
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                "a/one.yaml", configMap("one"),
                "a/deeper/two.yaml", configMap("two"),
                "ab/three.yaml", configMap("three"),
                "b/four.yaml", configMap("four")));

    RenderResult result =
        renderer.render(new RenderRequest(tree, List.of("./a/", "b/four.yaml"), ""));

    assertThat(result.objects())
        .extracting(DesiredObject::name)
        .containsExactly("two", "one", "four");
  }

  @Test
  void rejectsARequestedPathThatIsMissingOrIgnoredRatherThanRenderingNothing() {
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                ".orreryignore", "hidden/\n",
                "hidden/x.yaml", configMap("x"),
                "present/y.yaml", configMap("y")));

    RenderResult result =
        renderer.render(new RenderRequest(tree, List.of("present", "gone", "hidden"), ""));

    assertThat(result.ok()).isFalse();
    assertThat(result.objects()).isEmpty();
    assertThat(errors(result))
        .containsExactly(
            "gone:0: requested path does not exist in this revision or is ignored",
            "hidden:0: requested path does not exist in this revision or is ignored");
  }

  @Test
  void skipsIgnoredFilesAtEveryLevel() {
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                ".orreryignore", "*.draft.yaml\n/ci/\n",
                "ci/workflow.yaml", "on: push\n",
                "apps/.orreryignore", "!keep.draft.yaml\nlocal/\n",
                "apps/keep.draft.yaml", configMap("kept"),
                "apps/drop.draft.yaml", "broken: [",
                "apps/local/dev.yaml", "{not yaml",
                "apps/real.yaml", configMap("real")));

    RenderResult result = renderer.render(RenderRequest.wholeTree(tree, ""));

    assertThat(errors(result)).isEmpty();
    assertThat(result.objects()).extracting(DesiredObject::name).containsExactly("kept", "real");
  }

  @Test
  void rejectsTheRevisionWithEveryErrorFound() {
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                "a.yaml",
                configMap("fine") + "---\nkind: Service\nmetadata:\n  name: x\n",
                "b.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n",
                "c.yaml",
                configMap("c"),
                "d.json",
                "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}"));

    RenderResult result = renderer.render(RenderRequest.wholeTree(tree, ""));

    assertThat(result.ok()).isFalse();
    assertThat(result.objects()).isEmpty();
    assertThat(result.errors())
        .extracting(RenderError::path, RenderError::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.yaml", 6),
            org.assertj.core.groups.Tuple.tuple("b.yaml", 5),
            org.assertj.core.groups.Tuple.tuple("d.json", 1));
    assertThat(result.errors().get(0).message()).isEqualTo("object is missing apiVersion");
    assertThat(result.errors().get(2).message()).isEqualTo("object is missing metadata.name");
  }

  @Test
  void rejectsTheSameObjectDefinedInTwoFilesNamingBothLocations() {
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                "a.yaml", "# one\n" + configMap("team", "shared"),
                "b/c.yaml", configMap("other") + "---\n" + configMap("team", "shared"),
                "d.yaml", configMap("other")));

    RenderResult result = renderer.render(RenderRequest.wholeTree(tree, ""));

    assertThat(errors(result))
        .containsExactly(
            "b/c.yaml:6: duplicate object ConfigMap team/shared: already defined at a.yaml:2",
            "d.yaml:1: duplicate object ConfigMap other: already defined at b/c.yaml:1");
  }

  @Test
  void treatsAMissingNamespaceAsTheDefaultNamespaceWhenLookingForDuplicates() {
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                "a.yaml",
                configMap("shared"),
                "b.yaml",
                configMap("apps", "shared"),
                "ns.yaml",
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n",
                "ns2.yaml",
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n"));

    assertThat(renderer.render(RenderRequest.wholeTree(tree, "")).ok()).isTrue();
    assertThat(errors(renderer.render(RenderRequest.wholeTree(tree, "apps"))))
        .containsExactly(
            "b.yaml:1: duplicate object ConfigMap apps/shared: already defined at a.yaml:1");
  }

  @Test
  void knowsClusterScopedKindsFromCustomResourceDefinitionsInTheRevision() {
    String crd =
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Cluster
          names: {kind: Widget, plural: widgets}
        """;
    MapSourceTree tree =
        MapSourceTree.of(
            Map.of(
                "crd.yaml", crd,
                "a.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
                "b.yaml",
                    "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: ns\n"));

    assertThat(renderer.render(RenderRequest.wholeTree(tree, "ns")).ok()).isTrue();
  }

  @Test
  void anEmptyRepositoryRendersToNothing() {
    RenderResult result =
        renderer.render(RenderRequest.wholeTree(MapSourceTree.empty(), "default"));

    assertThat(result.ok()).isTrue();
    assertThat(result.objects()).isEmpty();
  }

  @Test
  void reparsesOnlyFilesWhoseContentChanged() {
    MapSourceTree v1 =
        MapSourceTree.of(
            Map.of(
                "a.yaml", configMap("a"),
                "b.yaml", configMap("b"),
                "c.yaml", configMap("c")));
    Renderer cached = new Renderer();

    RenderResult first = cached.render(RenderRequest.wholeTree(v1, ""));
    RenderResult second =
        cached.render(RenderRequest.wholeTree(v1.with("b.yaml", configMap("b-changed")), ""));
    RenderResult third =
        cached.render(
            RenderRequest.wholeTree(
                v1.with("d/copy-of-a.yaml", configMap("a2"))
                    .with("e.yaml", configMap("a"))
                    .without("a.yaml"),
                ""));

    assertThat(first.stats()).isEqualTo(new RenderStats(3, 0, 0, 0));
    assertThat(second.stats()).isEqualTo(new RenderStats(1, 2, 0, 0));
    assertThat(second.objects())
        .extracting(DesiredObject::name)
        .containsExactly("a", "b-changed", "c");
    assertThat(third.stats()).isEqualTo(new RenderStats(1, 3, 0, 0));
    assertThat(third.objects())
        .extracting(DesiredObject::location)
        .containsExactly("b.yaml:1", "c.yaml:1", "d/copy-of-a.yaml:1", "e.yaml:1");
  }

  @Test
  void cachesFilesWithErrorsTooAndStillReportsThem() {
    MapSourceTree tree = MapSourceTree.of(Map.of("bad.yaml", "a: [\n"));
    Renderer cached = new Renderer();

    RenderResult first = cached.render(RenderRequest.wholeTree(tree, ""));
    RenderResult second = cached.render(RenderRequest.wholeTree(tree, ""));

    assertThat(second.stats().filesFromCache()).isEqualTo(1);
    assertThat(second.errors()).isEqualTo(first.errors()).hasSize(1);
  }

  @Test
  void aDisabledCacheParsesEveryTime() {
    MapSourceTree tree = MapSourceTree.of(Map.of("a.yaml", configMap("a")));
    Renderer uncached = new Renderer(0, 0, null);

    uncached.render(RenderRequest.wholeTree(tree, ""));
    RenderResult second = uncached.render(RenderRequest.wholeTree(tree, ""));

    assertThat(second.stats()).isEqualTo(new RenderStats(1, 0, 0, 0));
  }
}
