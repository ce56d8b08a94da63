package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart cache re-renders a chart only when something Helm sees changed. */
class ChartCacheTest {

  private final Renderer renderer = new Renderer();

  private static MapSourceTree base() {
    Map<String, String> files = HelmChartRenderingTest.webChart("apps/web");
    files.put("apps/web/orrery.yaml", "valuesFiles: [../../shared/values.yaml]\n");
    files.put("shared/values.yaml", "greeting: shared\n");
    files.put("plain/a.yaml", RendererTest.configMap("a"));
    files.put("plain/b.yaml", RendererTest.configMap("b"));
    return MapSourceTree.of(files);
  }

  private RenderStats statsAfter(
      MapSourceTree first, MapSourceTree second, String secondNamespace) {
    assertThat(renderer.render(RenderRequest.wholeTree(first, "ns")).errors()).isEmpty();
    RenderResult result = renderer.render(RenderRequest.wholeTree(second, secondNamespace));
    assertThat(result.errors()).isEmpty();
    return result.stats();
  }

  @Test
  void anUnchangedRevisionComesEntirelyFromTheCaches() {
    assertThat(statsAfter(base(), base(), "ns")).isEqualTo(new RenderStats(0, 2, 0, 1));
  }

  @Test
  void changingOnePlainFileReparsesOnlyThatFileAndKeepsTheChart() {
    MapSourceTree changed = base().with("plain/b.yaml", RendererTest.configMap("b2"));

    assertThat(statsAfter(base(), changed, "ns")).isEqualTo(new RenderStats(1, 1, 0, 1));
  }

  @Test
  void changingATemplateRerendersTheChart() {
    MapSourceTree changed =
        base().with("apps/web/templates/extra.yaml", RendererTest.configMap("extra"));

    assertThat(statsAfter(base(), changed, "ns")).isEqualTo(new RenderStats(0, 2, 1, 0));
  }

  @Test
  void changingAValuesFileOutsideTheChartRerendersIt() {
    MapSourceTree changed = base().with("shared/values.yaml", "greeting: changed\n");

    RenderStats stats = statsAfter(base(), changed, "ns");

    assertThat(stats.chartsRendered()).isEqualTo(1);
    DesiredObject config =
        renderer.render(RenderRequest.wholeTree(changed, "ns")).objects().stream()
            .filter(o -> o.name().equals("web-config"))
            .findFirst()
            .orElseThrow();
    assertThat(config.content().get("data"))
        .isEqualTo(Map.of("greeting", "changed", "namespace", "ns"));
  }

  @Test
  void changingTheDefaultNamespaceRerendersTheChart() {
    assertThat(statsAfter(base(), base(), "other").chartsRendered()).isEqualTo(1);
  }

  @Test
  void anUnrelatedPlainFileDoesNotTouchTheChart() {
    MapSourceTree changed = base().with("plain/c.yaml", RendererTest.configMap("c"));

    assertThat(statsAfter(base(), changed, "ns")).isEqualTo(new RenderStats(1, 2, 0, 1));
  }
}
