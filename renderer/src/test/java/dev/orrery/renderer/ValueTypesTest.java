package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public records: helpers, ordering, formatting, normalization and immutability. */
class ValueTypesTest {

  @Test
  void desiredObjectExposesItsIdentity() {
    DesiredObject deployment =
        new DesiredObject(
            Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "web", "namespace", "frontend")),
            "apps/web.yaml",
            3);
    DesiredObject namespace =
        new DesiredObject(
            Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "frontend")),
            "ns.yaml",
            1);

    assertThat(deployment.group()).isEqualTo("apps");
    assertThat(deployment.version()).isEqualTo("v1");
    assertThat(deployment.key()).isEqualTo(new ObjectKey("apps", "Deployment", "frontend", "web"));
    assertThat(deployment.key()).hasToString("apps/Deployment frontend/web");
    assertThat(deployment.location()).isEqualTo("apps/web.yaml:3");
    assertThat(namespace.group()).isEmpty();
    assertThat(namespace.version()).isEqualTo("v1");
    assertThat(namespace.namespace()).isEmpty();
    assertThat(namespace.key()).hasToString("Namespace frontend");
  }

  @Test
  void desiredObjectCopiesItsContentDeeply() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", "x");
    List<Object> items = new ArrayList<>(List.of("a"));
    Map<String, Object> content =
        new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "ConfigMap"));
    content.put("metadata", metadata);
    content.put("list", items);
    content.put("nothing", null);

    DesiredObject object = new DesiredObject(content, "x.yaml", 1);
    metadata.put("name", "changed");
    items.add("b");

    assertThat(object.name()).isEqualTo("x");
    assertThat(object.content().get("list")).isEqualTo(List.of("a"));
    assertThat(object.content()).containsEntry("nothing", null);
    assertThatThrownBy(() -> object.content().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void objectKeysSortByGroupKindNamespaceName() {
    List<ObjectKey> keys =
        new ArrayList<>(
            Arrays.asList(
                new ObjectKey("apps", "Deployment", "b", "x"),
                new ObjectKey("", "Service", "a", "x"),
                new ObjectKey("apps", "Deployment", "a", "y"),
                new ObjectKey("", "ConfigMap", "", "z"),
                new ObjectKey("apps", "Deployment", "a", "x")));
    keys.sort(null);

    assertThat(keys)
        .extracting(ObjectKey::toString)
        .containsExactly(
            "ConfigMap z",
            "Service a/x",
            "apps/Deployment a/x",
            "apps/Deployment a/y",
            "apps/Deployment b/x");
  }

  @Test
  void renderErrorFormatsAsPathLineMessage() {
    assertThat(new RenderError("a/b.yaml", 7, "boom")).hasToString("a/b.yaml:7: boom");
    assertThatThrownBy(() -> new RenderError("a", -1, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void renderResultWithErrorsCarriesNoObjects() {
    DesiredObject object = new DesiredObject(Map.of("kind", "X"), "a", 1);

    assertThat(new RenderResult(List.of(object), List.of()).ok()).isTrue();
    assertThat(new RenderResult(List.of(), List.of(new RenderError("a", 1, "x"))).ok()).isFalse();
    assertThatThrownBy(
            () -> new RenderResult(List.of(object), List.of(new RenderError("a", 1, "x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void renderRequestNormalizesPaths() {
    SourceTree tree = MapSourceTree.empty();

    assertThat(new RenderRequest(tree, List.of("./apps/", "/apps", "apps/web.yaml"), null).paths())
        .containsExactly("apps", "apps/web.yaml");
    assertThat(new RenderRequest(tree, List.of("apps", "."), "x").paths()).isEmpty();
    assertThat(new RenderRequest(tree, null, null).defaultNamespace()).isEmpty();
    assertThatThrownBy(() -> new RenderRequest(tree, List.of("../etc"), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RenderRequest(tree, List.of("a/../../b"), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
