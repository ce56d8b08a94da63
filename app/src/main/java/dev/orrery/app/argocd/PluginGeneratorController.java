package dev.orrery.app.argocd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.app.config.OrreryConfig;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/getparams.execute}: Argo CD's ApplicationSet plugin generator. Checks the
 * bearer token (403 when missing or wrong), reads which clusters are asked for, and answers {@code
 * {"output": {"parameters": [...]}}} (see {@link ClusterParameters}); every failure is a 4xx/5xx
 * with a JSON {@code message}, which Argo CD reports without touching the Applications it generated
 * before.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PluginGeneratorController {
  private static final Logger LOG = LoggerFactory.getLogger(PluginGeneratorController.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PlacementReader reader;
  private final PluginTokenStore tokens;
  private final String serverKey;

  public PluginGeneratorController(
      PlacementReader reader, PluginTokenStore tokens, OrreryConfig config) {
    this.reader = reader;
    this.tokens = tokens;
    this.serverKey = config.argocd().serverKey();
  }

  @Post(uri = "/getparams.execute", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> getParams(
      @Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
      @Body @Nullable byte[] body) {
    try {
      authorize(authorization);
      GeneratorRequest request = GeneratorRequest.parse(body);
      List<Map<String, Object>> parameters =
          ClusterParameters.build(request.input(), reader, serverKey);
      LOG.debug(
          "ApplicationSet {}: {} cluster(s) for {}",
          request.applicationSetName(),
          parameters.size(),
          request.input());
      return reply(HttpStatus.OK, Map.of("output", Map.of("parameters", parameters)));
    } catch (GeneratorRequestException e) {
      if (e.status() >= 500) {
        LOG.warn("plugin generator request failed ({}): {}", e.status(), e.getMessage());
      } else {
        LOG.info("plugin generator request refused ({}): {}", e.status(), e.getMessage());
      }
      return reply(HttpStatus.valueOf(e.status()), Map.of("message", e.getMessage()));
    }
  }

  /**
   * Serialized here rather than by the framework, whose default leaves out empty values: an empty
   * {@code parameters} list (a selection of no cluster) must reach Argo CD as {@code []}, and
   * {@code ""} values must stay present for templates with {@code missingkey=error}.
   */
  private static HttpResponse<String> reply(HttpStatus status, Map<String, Object> body) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the plugin generator reply", e);
    }
    return HttpResponse.<String>status(status)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(json);
  }

  private void authorize(String authorization) {
    Optional<byte[]> expected;
    try {
      expected = tokens.token();
    } catch (PluginTokenStore.TokenUnavailableException e) {
      throw new GeneratorRequestException(503, e.getMessage());
    }
    if (expected.isEmpty()) {
      throw new GeneratorRequestException(
          403, "no plugin token is configured in Secret " + tokens.describe());
    }
    if (authorization == null || authorization.isBlank()) {
      throw new GeneratorRequestException(403, "missing Authorization: Bearer <token>");
    }
    if (!BearerToken.matches(authorization, expected.get())) {
      throw new GeneratorRequestException(403, "invalid bearer token");
    }
  }
}
