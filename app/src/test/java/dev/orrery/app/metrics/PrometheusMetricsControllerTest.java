package dev.orrery.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's HTTP surface for operators, without clusters: Prometheus text at {@code /metrics}
 * (and {@code /prometheus}), webhook deliveries counted by result, health and its probe groups.
 */
class PrometheusMetricsControllerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedServer server;

  @BeforeAll
  static void start(@TempDir Path gitCache) {
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "orrery.controllers.enabled",
                false,
                "orrery.git-cache-dir",
                gitCache.toString()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void metricsIsPrometheusTextAndCountsWebhookDeliveriesByForgeAndResult() throws Exception {
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> unsigned =
          HTTP.send(
              HttpRequest.newBuilder(url("/hooks/gitlab"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).isEqualTo(401);
    }
    // Over micronaut.server.max-request-size: refused by the server before the receiver sees it.
    HttpResponse<String> tooLarge =
        HTTP.send(
            HttpRequest.newBuilder(url("/hooks/github"))
                .header("X-GitHub-Event", "push")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024 + 1]))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tooLarge.statusCode()).isEqualTo(413);

    PrometheusScrape scrape = PrometheusScrape.of(server.getURL().toString());

    assertThat(
            scrape.value(
                "orrery_webhook_deliveries_total", "forge", "gitlab", "result", "unauthorized"))
        .isEqualTo(2);
    assertThat(
            scrape.value(
                "orrery_webhook_deliveries_total", "forge", "github", "result", "too_large"))
        .isEqualTo(1);
    assertThat(scrape.has("orrery_webhook_deliveries_total", "forge", "gitea")).isFalse();
    assertThat(scrape.value("jvm_memory_used_bytes")).isPositive();
  }

  @Test
  void prometheusStaysAnAliasAndTheHealthEndpointsAnswer() throws Exception {
    HttpResponse<String> alias = get("/prometheus");
    assertThat(alias.statusCode()).isEqualTo(200);
    assertThat(alias.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    for (String path : new String[] {"/health", "/health/liveness", "/health/readiness"}) {
      HttpResponse<String> health = get(path);
      assertThat(health.statusCode()).as(path + ": " + health.body()).isEqualTo(200);
      assertThat(health.body()).as(path).contains("\"status\":\"UP\"");
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI url(String path) {
    return URI.create(server.getURL() + path);
  }
}
