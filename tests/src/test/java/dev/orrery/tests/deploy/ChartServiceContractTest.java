package dev.orrery.tests.deploy;

import static dev.orrery.tests.deploy.DeployChart.at;
import static dev.orrery.tests.deploy.DeployChart.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.config.LeaderElectionConfig;
import dev.orrery.app.config.OrreryConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the chart promises the service, checked against the service itself: the rendered
 * application.yml binds to Orrery's validated configuration, and the probe and scrape paths answer
 * on a running Orrery.
 */
class ChartServiceContractTest {

  @Test
  void theDefaultConfigurationBindsAndValidates() {
    OrreryConfig config = bind(DeployChart.render(Map.of()));

    assertThat(config.wdsKubeconfig()).isNull();
    assertThat(config.itsKubeconfig()).isNull();
    assertThat(config.wdsName()).isEqualTo("wds1");
    assertThat(config.gitCacheDir()).isEqualTo("/var/cache/orrery/git");
    assertThat(config.webhookMaxBodyBytes()).isEqualTo(10485760L);
    assertThat(config.shardByteLimit()).isEqualTo(512000L);
    assertThat(config.argocd().tokenSecret()).isEqualTo("orrery-system/orrery-argocd-plugin");
    assertThat(config.argocd().placementDecisionsEnabled()).isTrue();
  }

  @Test
  void everyNonDefaultValueReachesTheService() {
    OrreryConfig config =
        bind(
            DeployChart.render(
                Map.ofEntries(
                    Map.entry("wds.kubeconfigSecret", "wds"),
                    Map.entry("wds.context", "wds1"),
                    Map.entry("wds.name", "fleet-wds"),
                    Map.entry("its.kubeconfigSecret", "its"),
                    Map.entry("its.context", "its1"),
                    Map.entry("webhook.secretName", "hooks"),
                    Map.entry("config.workers", 5),
                    Map.entry("config.maxDeleteRatio", 0.25),
                    Map.entry("config.maxRemovedPlacementShare", 0.75),
                    Map.entry("config.guardBindingPolicies", true),
                    Map.entry("config.clustersAvailableCondition", true),
                    Map.entry("config.shardByteLimit", 100000),
                    Map.entry("config.shardCountLimit", 20),
                    Map.entry("config.webhookMaxBodyBytes", 20971520),
                    Map.entry("config.argocd.tokenSecret", "argocd/plugin-token"),
                    Map.entry("config.argocd.tokenCacheSeconds", 30),
                    Map.entry("config.argocd.serverKey", "example.com/server"),
                    Map.entry("config.argocd.placementDecisionsEnabled", false),
                    Map.entry("config.argocd.placementDecisionNamespace", "argocd"))));

    assertThat(config.wdsKubeconfig()).isEqualTo("/etc/orrery/wds/kubeconfig");
    assertThat(config.wdsContext()).isEqualTo("wds1");
    assertThat(config.wdsName()).isEqualTo("fleet-wds");
    assertThat(config.itsKubeconfig()).isEqualTo("/etc/orrery/its/kubeconfig");
    assertThat(config.itsContext()).isEqualTo("its1");
    assertThat(config.webhookSecretFile()).isEqualTo("/etc/orrery/webhook/secret");
    assertThat(config.workers()).isEqualTo(5);
    assertThat(config.maxDeleteRatio()).isEqualTo(0.25);
    assertThat(config.maxRemovedPlacementShare()).isEqualTo(0.75);
    assertThat(config.guardBindingPolicies()).isTrue();
    assertThat(config.clustersAvailableCondition()).isTrue();
    assertThat(config.shardByteLimit()).isEqualTo(100000L);
    assertThat(config.shardCountLimit()).isEqualTo(20);
    assertThat(config.webhookMaxBodyBytes()).isEqualTo(20971520L);
    assertThat(config.argocd())
        .isEqualTo(
            new OrreryConfig.ArgoCd(
                "argocd/plugin-token", 30, "example.com/server", false, "argocd"));
  }

  @Test
  void theProbeAndScrapePathsAnswerOnARunningOrrery() throws Exception {
    List<GenericKubernetesResource> objects =
        DeployChart.render(Map.of("serviceMonitor.enabled", true));
    GenericKubernetesResource deployment = get(objects, "Deployment", "orrery");
    String liveness =
        (String)
            at(
                deployment,
                "spec",
                "template",
                "spec",
                "containers",
                0,
                "livenessProbe",
                "httpGet",
                "path");
    String readiness =
        (String)
            at(
                deployment,
                "spec",
                "template",
                "spec",
                "containers",
                0,
                "readinessProbe",
                "httpGet",
                "path");
    String scrape =
        (String) at(get(objects, "ServiceMonitor", "orrery"), "spec", "endpoints", 0, "path");
    HttpClient http = HttpClient.newHttpClient();

    try (EmbeddedServer orrery =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of("micronaut.server.port", -1, "orrery.controllers.enabled", false))) {
      for (String path : List.of(liveness, readiness, scrape)) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(orrery.getURL() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      }
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(orrery.getURL() + scrape)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.headers().firstValue("content-type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }
  }

  @Test
  void theLeaderElectionValuesReachTheService() {
    LeaderElectionConfig defaults = bind(DeployChart.render(Map.of()), LeaderElectionConfig.class);
    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.leaseName()).isEqualTo("orrery-leader");
    assertThat(defaults.leaseNamespace()).isEqualTo("orrery-system");
    assertThat(defaults.leaseDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.renewDeadline()).isEqualTo(Duration.ofSeconds(7));
    assertThat(defaults.retryPeriod()).isEqualTo(Duration.ofSeconds(1));

    LeaderElectionConfig set =
        bind(
            DeployChart.render(
                Map.of(
                    "leaderElection.leaseName", "fleet-leader",
                    "leaderElection.namespace", "leases",
                    "leaderElection.leaseDuration", "30s",
                    "leaderElection.renewDeadline", "20s",
                    "leaderElection.retryPeriod", "4s")),
            LeaderElectionConfig.class);
    assertThat(set.leaseName()).isEqualTo("fleet-leader");
    assertThat(set.leaseNamespace()).isEqualTo("leases");
    assertThat(set.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.renewDeadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(set.retryPeriod()).isEqualTo(Duration.ofSeconds(4));
  }

  /** Orrery's configuration as the service binds it from the chart's application.yml alone. */
  private static OrreryConfig bind(List<GenericKubernetesResource> objects) {
    return bind(objects, OrreryConfig.class);
  }

  private static <T> T bind(List<GenericKubernetesResource> objects, Class<T> type) {
    String yaml = HelmChartTest.application(objects);
    Map<String, Object> properties;
    try {
      properties =
          new YamlPropertySourceLoader()
              .read("chart", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ApplicationContext context =
        ApplicationContext.builder()
            .propertySources(PropertySource.of("chart", properties))
            .properties(Map.of("orrery.controllers.enabled", false))
            .start()) {
      return context.getBean(type);
    }
  }
}
