package dev.orrery.app.dashboard;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.orrery.app.argocd.BearerToken;
import dev.orrery.app.argocd.PluginTokenStore;
import dev.orrery.app.argocd.SecretPluginTokenStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.annotation.Nullable;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/dashboard/actions}: which writes the dashboard may make ({@code GET}), and making
 * one ({@code POST .../{name}} with a JSON object of string parameters). A write needs {@code
 * orrery.dashboard.actions-enabled: true} and {@code Authorization: Bearer <token>} matching key
 * {@code token} of the Secret {@code orrery.dashboard.token-secret} in the WDS (the model of the
 * Argo CD plugin endpoint); a browser never sends that header on its own, so a foreign page cannot
 * make the write.
 */
@Controller("/api/v1/dashboard/actions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ActionsController {
  private static final Logger LOG = LoggerFactory.getLogger(ActionsController.class);

  private final DashboardConfig config;
  private final List<DashboardAction> actions;
  private final PluginTokenStore tokens;

  public ActionsController(
      DashboardConfig config, List<DashboardAction> actions, @Named("wds") KubernetesClient wds) {
    this.config = config;
    this.actions = actions;
    this.tokens =
        new SecretPluginTokenStore(
            wds,
            config.tokenSecretNamespace(),
            config.tokenSecretName(),
            Duration.ofSeconds(config.tokenCacheSeconds()),
            Clock.systemUTC());
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> list() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", config.actionsEnabled());
    out.put("tokenSecret", tokens.describe());
    out.put(
        "actions",
        actions.stream()
            .map(a -> Map.of("name", a.name(), "description", a.description()))
            .toList());
    return out;
  }

  @Post(uri = "/{name}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> perform(
      @PathVariable String name,
      @Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
      @Body @Nullable byte[] body) {
    try {
      authorize(authorization);
      DashboardAction action =
          actions.stream()
              .filter(a -> a.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () -> new DashboardAction.ActionException(404, "no dashboard action " + name));
      String done = action.perform(parameters(body));
      LOG.info("dashboard action {}: {}", name, done);
      return HttpResponse.ok(DashboardController.message(done));
    } catch (DashboardAction.ActionException e) {
      LOG.info("dashboard action {} refused ({}): {}", name, e.status(), e.getMessage());
      return HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(e.status()))
          .body(DashboardController.message(e.getMessage()));
    }
  }

  private void authorize(String authorization) {
    if (!config.actionsEnabled()) {
      throw new DashboardAction.ActionException(
          403, "the dashboard is read-only (orrery.dashboard.actions-enabled is false)");
    }
    Optional<byte[]> expected;
    try {
      expected = tokens.token();
    } catch (PluginTokenStore.TokenUnavailableException e) {
      throw new DashboardAction.ActionException(503, e.getMessage());
    }
    if (expected.isEmpty()) {
      throw new DashboardAction.ActionException(
          403, "no dashboard token is configured in Secret " + tokens.describe());
    }
    if (!BearerToken.matches(authorization, expected.get())) {
      throw new DashboardAction.ActionException(
          403, "missing or wrong Authorization: Bearer <token>");
    }
  }

  private static Map<String, String> parameters(byte[] body) {
    if (body == null || body.length == 0) {
      return Map.of();
    }
    try {
      return DashboardFeed.JSON.readValue(body, new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      throw new DashboardAction.ActionException(400, "the body must be a JSON object of strings");
    }
  }
}
