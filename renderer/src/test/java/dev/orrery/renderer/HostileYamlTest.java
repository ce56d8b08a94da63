package dev.orrery.renderer;

import static dev.orrery.renderer.HostileInput.measured;
import static dev.orrery.renderer.HostileInput.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile YAML: alias bombs, recursion, deep nesting, too many documents, duplicate keys, odd tags.
 */
class HostileYamlTest {

  private final Renderer renderer = new Renderer();

  private RenderResult render(String name, String path, String text) {
    return measured(
        name,
        () -> renderer.render(RenderRequest.wholeTree(MapSourceTree.of(Map.of(path, text)), "ns")));
  }

  /** The classic "billion laughs": nine levels of ten aliases, 10^9 strings once expanded. */
  static String billionLaughs() {
    StringBuilder text =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n");
    text.append(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i <= 9; i++) {
      text.append('a').append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        text.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      text.append("]\n");
    }
    return text.toString();
  }

  @Test
  void billionLaughsIsRefusedByTheAliasLimit() {
    RenderError error = onlyError(render("billion laughs", "bomb.yaml", billionLaughs()));

    assertThat(error.path()).isEqualTo("bomb.yaml");
    assertThat(error.line()).isBetween(5, 14);
    assertThat(error.message())
        .contains("Number of aliases for non-scalar nodes exceeds the specified max=50");
    assertThat(error.message()).containsIgnoringCase("alias");
  }

  @Test
  void anAliasBombWithinTheAliasCountIsRefusedByTheExpandedNodeLimit() {
    // 2 aliases per level, 24 levels: 48 aliases (under 50) but 2^24 nodes once expanded.
    StringBuilder text =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n");
    text.append("  l0: &l0 [x, x]\n");
    for (int i = 1; i <= 24; i++) {
      text.append("  l")
          .append(i)
          .append(": &l")
          .append(i)
          .append(" [*l")
          .append(i - 1)
          .append(", *l")
          .append(i - 1)
          .append("]\n");
    }
    RenderError error = onlyError(render("doubling alias bomb", "bomb.yaml", text.toString()));

    assertThat(error.path()).isEqualTo("bomb.yaml");
    assertThat(error.line()).isGreaterThan(5);
    assertThat(error.message()).contains("once aliases are expanded");
  }

  @Test
  void aRecursiveAliasIsRefused() {
    RenderError error =
        onlyError(
            render(
                "recursive alias",
                "loop.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loop\ndata: &d\n  self: *d\n"));

    assertThat(error.path()).isEqualTo("loop.yaml");
    assertThat(error.line()).isEqualTo(5);
    assertThat(error.message()).contains("recursive");
  }

  @Test
  void deeplyNestedFlowSequencesAreRefusedBeforeTheParserRecurses() {
    String text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nx: "
            + "[".repeat(100_000)
            + "]".repeat(100_000)
            + "\n";
    RenderError error = onlyError(render("100,000 nested flow sequences", "deep.yaml", text));

    assertThat(error.path()).isEqualTo("deep.yaml");
    assertThat(error.line()).isEqualTo(5);
    assertThat(error.message()).contains("nesting deeper than 200 levels");
  }

  @Test
  void deeplyNestedBlockMappingsAreRefusedAtTheLineTooDeep() {
    StringBuilder text =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n");
    for (int i = 0; i < 5_000; i++) {
      text.append(" ".repeat(i)).append("k:\n");
    }
    RenderError error =
        onlyError(render("5,000 nested block mappings", "deep.yaml", text.toString()));

    assertThat(error.path()).isEqualTo("deep.yaml");
    assertThat(error.line()).isEqualTo(205);
    assertThat(error.message()).contains("nesting deeper than 200 levels");
  }

  @Test
  void nestingThroughAliasesCountsAsNesting() {
    StringBuilder text = new StringBuilder("a: &a " + "[".repeat(150) + "]".repeat(150) + "\n");
    text.append("b: ").append("[".repeat(100)).append("*a").append("]".repeat(100)).append('\n');
    RenderError error = onlyError(render("nesting through an alias", "deep.yaml", text.toString()));

    assertThat(error.line()).isBetween(1, 2);
    assertThat(error.message()).contains("once aliases are expanded");
  }

  @Test
  void tooManyDocumentsAreRefusedAtTheFirstOneBeyondTheLimit() {
    String text = "---\n".repeat(10_001);
    RenderError error = onlyError(render("10,001 documents", "many.yaml", text));

    assertThat(error.path()).isEqualTo("many.yaml");
    assertThat(error.line()).isEqualTo(10_001);
    assertThat(error.message()).contains("more than 10000 YAML documents");
  }

  @Test
  void aDuplicateKeyIsReportedAtItsLine() {
    RenderError error =
        onlyError(
            render(
                "duplicate key",
                "dup.yaml",
                """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
          name: b
        """));

    assertThat(error.path()).isEqualTo("dup.yaml");
    assertThat(error.line()).isEqualTo(5);
    assertThat(error.message()).contains("duplicate key name");
  }

  @Test
  void aDuplicateTopLevelKeyInALaterDocumentIsReportedAtItsLine() {
    RenderError error =
        onlyError(
            render(
                "duplicate key, second document",
                "dup.yaml",
                """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: Secret
        kind: ConfigMap
        metadata: {name: b}
        """));

    assertThat(error.line()).isEqualTo(7);
    assertThat(error.message()).contains("duplicate key kind");
  }

  @Test
  void aLanguageSpecificTagIsAnErrorNotAnObjectConstruction() {
    RenderError error =
        onlyError(
            render(
                "java/python tag",
                "tag.yaml",
                """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        data: !!python/object/apply:os.system ["true"]
        """));

    assertThat(error.path()).isEqualTo("tag.yaml");
    assertThat(error.line()).isEqualTo(5);
  }

  @Test
  void aComplexMappingKeyIsAnError() {
    RenderError error =
        onlyError(
            render(
                "complex key",
                "key.yaml",
                """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
        data:
          ? [a, b]
          : c
        """));

    assertThat(error.path()).isEqualTo("key.yaml");
    assertThat(error.line()).isBetween(6, 7);
  }

  @Test
  void anAliasBombInChartYamlIsReportedAtChartYaml() {
    RenderResult result =
        measured(
            "alias bomb in Chart.yaml",
            () ->
                renderer.render(
                    RenderRequest.wholeTree(
                        MapSourceTree.of(
                            Map.of(
                                "c/Chart.yaml",
                                billionLaughs()
                                    .replace("kind: ConfigMap\n", "name: c\nversion: 1.0.0\n"),
                                "c/templates/a.yaml",
                                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")),
                        "ns")));

    RenderError error = onlyError(result);
    assertThat(error.path()).isEqualTo("c/Chart.yaml");
    assertThat(error.line()).isGreaterThan(1);
  }

  @Test
  void deepNestingInOrreryYamlValuesIsReportedAtOrreryYaml() {
    RenderResult result =
        measured(
            "deep orrery.yaml values",
            () ->
                renderer.render(
                    RenderRequest.wholeTree(
                        MapSourceTree.of(
                            Map.of(
                                "c/Chart.yaml",
                                "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                "c/orrery.yaml",
                                "values:\n  x: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n",
                                "c/templates/a.yaml",
                                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")),
                        "ns")));

    RenderError error = onlyError(result);
    assertThat(error.path()).isEqualTo("c/orrery.yaml");
    assertThat(error.line()).isEqualTo(2);
    assertThat(error.message()).contains("nesting deeper");
  }
}
