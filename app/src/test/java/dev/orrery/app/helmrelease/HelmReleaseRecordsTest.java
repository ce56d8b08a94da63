package dev.orrery.app.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.sync.Inventory;
import dev.orrery.app.sync.InventoryEntry;
import dev.orrery.renderer.DesiredObject;
import dev.orrery.renderer.DirectorySourceTree;
import dev.orrery.renderer.RenderRequest;
import dev.orrery.renderer.RenderResult;
import dev.orrery.renderer.Renderer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Records added to a render: placed like the chart's objects, read back through the inventory. */
class HelmReleaseRecordsTest {
  private final HelmReleaseRecords records = new HelmReleaseRecords(new ReleaseHistory(10));

  static DesiredObject object(String path, String name, Map<String, Object> labels) {
    return new DesiredObject(
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "metadata",
            Map.of("name", name, "namespace", "shop", "labels", labels)),
        path,
        1);
  }

  static RenderResult render(String greeting) {
    return new RenderResult(
        List.of(
            object("plain.yaml", "plain", Map.of("app", "shop")),
            object("charts/web/templates/a.yaml", "a", Map.of("app", "shop", "tier", "front")),
            object("charts/web/templates/b.yaml", "b", Map.of("app", "shop", "tier", "back"))),
        List.of(),
        null,
        List.of(HelmReleaseCodecTest.release(greeting)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> metadata(DesiredObject o) {
    return (Map<String, Object>) o.content().get("metadata");
  }

  @Test
  void aRecordCarriesTheLabelsAllTheChartsObjectsShareAndGoesToTheReleaseNamespace() {
    RenderResult result =
        records.withRecords(
            render("hi"), Inventory.EMPTY, (ns, n) -> Optional.empty(), Instant.EPOCH, "");
    assertThat(result.objects()).hasSize(4);
    DesiredObject secret = result.objects().get(3);
    assertThat(secret.kind()).isEqualTo("Secret");
    assertThat(secret.name()).isEqualTo("sh.helm.release.v1.front.v1");
    assertThat(secret.namespace()).isEqualTo("shop");
    assertThat(secret.path()).isEqualTo("charts/web/Chart.yaml");
    assertThat((Map<String, Object>) metadata(secret).get("labels"))
        .containsEntry("app", "shop")
        .doesNotContainKey("tier")
        .containsEntry("owner", "helm");
  }

  @Test
  void storedRecordsAreFoundThroughTheInventoryAndKeptWhileNothingChanges() {
    Map<String, ReleaseRecord> stored = new HashMap<>();
    RenderResult first =
        records.withRecords(
            render("hi"), Inventory.EMPTY, (ns, n) -> Optional.empty(), Instant.EPOCH, "");
    DesiredObject v1 = first.objects().get(3);
    stored.put(v1.name(), read(v1));
    Inventory inventory =
        Inventory.of(
            List.of(
                new InventoryEntry("v1", "Secret", "secrets", "shop", v1.name(), "h"),
                new InventoryEntry("v1", "ConfigMap", "configmaps", "shop", "a", "h")));

    RenderResult again =
        records.withRecords(
            render("hi"),
            inventory,
            (ns, n) -> Optional.ofNullable(stored.get(n)),
            Instant.EPOCH.plusSeconds(60),
            "");
    assertThat(again.objects().get(3).content()).isEqualTo(v1.content());

    RenderResult changed =
        records.withRecords(
            render("hey"),
            inventory,
            (ns, n) -> Optional.ofNullable(stored.get(n)),
            Instant.EPOCH.plusSeconds(60),
            "");
    assertThat(changed.objects().subList(3, 5))
        .extracting(DesiredObject::name)
        .containsExactly("sh.helm.release.v1.front.v1", "sh.helm.release.v1.front.v2");
    assertThat((Map<String, Object>) metadata(changed.objects().get(3)).get("labels"))
        .containsEntry("status", "superseded");
  }

  @SuppressWarnings("unchecked")
  private static ReleaseRecord read(DesiredObject secret) {
    Map<String, Object> metadata = metadata(secret);
    return ReleaseSecrets.record(
            (Map<String, String>) (Map<?, ?>) metadata.get("labels"),
            (Map<String, String>) (Map<?, ?>) metadata.get("annotations"),
            (String) secret.content().get("type"),
            (Map<String, String>) (Map<?, ?>) secret.content().get("data"))
        .orElseThrow();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theExampleRepositorysGreeterRecordCarriesTheLabelCoreGreeterSelects() throws Exception {
    RenderResult example =
        new Renderer()
            .render(
                new RenderRequest(
                    new DirectorySourceTree(Path.of("..", "examples", "repo-layout")),
                    List.of(),
                    "default"));
    assertThat(example.errors()).isEmpty();
    DesiredObject record =
        records
            .withRecords(example, Inventory.EMPTY, (ns, n) -> Optional.empty(), Instant.EPOCH, "")
            .objects()
            .stream()
            .filter(o -> o.name().equals("sh.helm.release.v1.greeter.v1"))
            .findFirst()
            .orElseThrow();
    assertThat(record.namespace()).isEqualTo("greeter");
    assertThat((Map<String, Object>) metadata(record).get("labels"))
        .containsEntry("app.kubernetes.io/instance", "greeter");
  }

  @Test
  void aRenderWithoutChartsIsReturnedAsItIs() {
    RenderResult plain =
        new RenderResult(List.of(object("plain.yaml", "p", Map.of())), List.of(), null);
    assertThat(
            records.withRecords(
                plain, Inventory.EMPTY, (ns, n) -> Optional.empty(), Instant.EPOCH, ""))
        .isSameAs(plain);
  }
}
