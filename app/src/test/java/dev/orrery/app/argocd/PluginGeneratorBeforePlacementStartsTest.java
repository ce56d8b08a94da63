package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.config.OrreryConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real wiring (the plugin generator reading the service's PlacementService) before placement
 * has loaded its caches: Argo CD gets 503 with a message, never an empty list; and the Argo CD
 * settings' defaults.
 */
class PluginGeneratorBeforePlacementStartsTest {
  static EmbeddedServer server;

  @BeforeAll
  static void start() {
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of("micronaut.server.port", -1, "orrery.controllers.enabled", "false"),
            FakePluginTokenStore.ENV);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anInventoryNotYetLoadedIsServiceUnavailable() {
    assertThat(server.getApplicationContext().getBean(PlacementReader.class))
        .isInstanceOf(PlacementServiceReader.class);
    ApplicationSetControllerClient.Reply reply =
        new ApplicationSetControllerClient(server.getURI())
            .getParams("s3cret-plugin-token", "guestbook", "{\"bindingPolicy\":\"edge\"}");
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json()).containsOnlyKeys("message");
    assertThat((String) reply.json().get("message"))
        .contains("has not loaded the ManagedClusters (ITS) yet");
  }

  @Test
  void argoCdSettingsHaveDocumentedDefaults() {
    OrreryConfig.ArgoCd argocd =
        server.getApplicationContext().getBean(OrreryConfig.class).argocd();
    assertThat(argocd.tokenSecretNamespace()).isEqualTo("orrery-system");
    assertThat(argocd.tokenSecretName()).isEqualTo("orrery-argocd-plugin");
    assertThat(argocd.tokenCacheSeconds()).isEqualTo(10);
    assertThat(argocd.serverKey()).isNull();
    assertThat(argocd.placementDecisionsEnabled()).isTrue();
    assertThat(argocd.placementDecisionNamespace()).isEqualTo("orrery-system");
  }
}
