package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chart whose dependency is not vendored but declared with a {@code repository:} URL, served by a
 * JDK HTTP server on 127.0.0.1 as a Helm chart repository (index.yaml + packaged charts).
 */
class HelmRemoteDependencyTest {

  @TempDir Path work;

  private HttpServer server;
  private final Map<String, byte[]> served = new LinkedHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private String repositoryUrl;

  @BeforeEach
  void startRepository() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          requests.add(path);
          byte[] body = served.get(path);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    repositoryUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/charts";
    for (String version : List.of("1.3.0", "1.2.3")) {
      served.put("/charts/lib-" + version + ".tgz", packageLibChart(version));
    }
    publishIndex("1.3.0", "1.2.3");
  }

  /** Serves an index.yaml listing the given versions of chart {@code lib}. */
  private void publishIndex(String... versions) throws NoSuchAlgorithmException {
    StringBuilder index = new StringBuilder("apiVersion: v1\nentries:\n  lib:\n");
    for (String version : versions) {
      String file = "/lib-" + version + ".tgz";
      index
          .append("  - apiVersion: v2\n    name: lib\n    version: ")
          .append(version)
          .append("\n    digest: ")
          .append(sha256(served.get("/charts" + file)))
          .append("\n    urls:\n    - ")
          .append(repositoryUrl)
          .append(file)
          .append("\n");
    }
    index.append("generated: \"2024-01-01T00:00:00Z\"\n");
    served.put("/charts/index.yaml", index.toString().getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stopRepository() {
    server.stop(0);
  }

  private byte[] packageLibChart(String version) throws IOException {
    Path chart = work.resolve("src-" + version).resolve("lib");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: lib\nversion: " + version + "\n");
    Files.writeString(chart.resolve("values.yaml"), "flavour: plain\n");
    Files.writeString(
        chart.resolve("templates/cm.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-lib
        data:
          version: {{ .Chart.Version | quote }}
          flavour: {{ .Values.flavour }}
        """);
    Path out = work.resolve("packages-" + version);
    Files.createDirectories(out);
    new Helm(chart).packageIt().withDestination(out).call();
    return Files.readAllBytes(out.resolve("lib-" + version + ".tgz"));
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private Map<String, String> appChart() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "apps/shop/Chart.yaml",
        """
        apiVersion: v2
        name: shop
        version: 0.1.0
        dependencies:
          - name: lib
            version: ^1.0.0
            repository: %s
        """
            .formatted(repositoryUrl));
    files.put("apps/shop/values.yaml", "lib:\n  flavour: spicy\n");
    files.put(
        "apps/shop/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop\n");
    return files;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(DesiredObject object) {
    return (Map<String, Object>) object.content().get("data");
  }

  @Test
  void pullsTheNewestMatchingVersionWhenThereIsNoLockFile() {
    Renderer renderer = new Renderer();
    MapSourceTree tree = MapSourceTree.of(appChart());

    RenderResult result = renderer.render(RenderRequest.wholeTree(tree, "shop"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.objects())
        .extracting(o -> o.location() + " " + o.key())
        .containsExactly(
            "apps/shop/charts/lib/templates/cm.yaml:1 ConfigMap shop/shop-lib",
            "apps/shop/templates/cm.yaml:1 ConfigMap shop/shop");
    assertThat(data(result.objects().get(0)))
        .containsEntry("version", "1.3.0")
        .containsEntry("flavour", "spicy");
    assertThat(requests).contains("/charts/index.yaml", "/charts/lib-1.3.0.tgz");

    requests.clear();
    RenderResult again = renderer.render(RenderRequest.wholeTree(tree, "shop"));

    assertThat(again.objects()).isEqualTo(result.objects());
    assertThat(again.stats()).isEqualTo(new RenderStats(0, 0, 0, 1));
    assertThat(requests).isEmpty();
  }

  @Test
  void buildsFromTheLockFileWhenThereIsOne() throws Exception {
    Map<String, String> files = appChart();
    files.put("apps/shop/Chart.lock", lockFileFor("1.2.3"));

    RenderResult result =
        new Renderer().render(RenderRequest.wholeTree(MapSourceTree.of(files), "shop"));

    assertThat(result.errors()).isEmpty();
    assertThat(data(result.objects().get(0))).containsEntry("version", "1.2.3");
    assertThat(requests).contains("/charts/lib-1.2.3.tgz").doesNotContain("/charts/lib-1.3.0.tgz");
  }

  @Test
  void rejectsALockFileThatNoLongerMatchesChartYaml() throws Exception {
    Map<String, String> files = appChart();
    files.put("apps/shop/Chart.lock", lockFileFor("1.2.3"));
    files.put(
        "apps/shop/Chart.yaml", files.get("apps/shop/Chart.yaml").replace("^1.0.0", "~1.3.0"));

    RenderResult result =
        new Renderer().render(RenderRequest.wholeTree(MapSourceTree.of(files), "shop"));

    assertThat(result.errors())
        .extracting(RenderError::toString)
        .singleElement()
        .asString()
        .startsWith("apps/shop/Chart.yaml:1: Helm cannot render chart 'apps/shop': ")
        .contains("out of sync");
  }

  @Test
  void reportsADependencyThatCannotBeFetched() {
    Map<String, String> files = appChart();
    files.put(
        "apps/shop/Chart.yaml", files.get("apps/shop/Chart.yaml").replace("^1.0.0", "^9.0.0"));

    RenderResult result =
        new Renderer().render(RenderRequest.wholeTree(MapSourceTree.of(files), "shop"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).path()).isEqualTo("apps/shop/Chart.yaml");
    assertThat(result.errors().get(0).line()).isEqualTo(1);
    assertThat(result.errors().get(0).message())
        .startsWith("Helm cannot render chart 'apps/shop': ")
        .contains("lib");
  }

  @Test
  void aRendererForUntrustedContentNeverFetchesAndSaysWhy() {
    RenderResult result =
        Renderer.forUntrustedContent()
            .render(RenderRequest.wholeTree(MapSourceTree.of(appChart()), "shop"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errors())
        .extracting(RenderError::toString)
        .singleElement()
        .asString()
        .startsWith("apps/shop/Chart.yaml:1: Helm cannot render chart 'apps/shop': ")
        .contains("not vendored in charts/");
    assertThat(requests).as("no request to the repository the content names").isEmpty();
  }

  /**
   * The Chart.lock Helm writes for the app chart while 1.2.3 is the newest published version; 1.3.0
   * is published again afterwards, so only the lock keeps the render on 1.2.3.
   */
  private String lockFileFor(String version) throws Exception {
    publishIndex(version);
    Path chart = work.resolve("lock").resolve("shop");
    Files.createDirectories(chart);
    Files.writeString(chart.resolve("Chart.yaml"), appChart().get("apps/shop/Chart.yaml"));
    new Helm(chart).dependency().update().call();
    publishIndex("1.3.0", version);
    requests.clear();
    return Files.readString(chart.resolve("Chart.lock"));
  }
}
