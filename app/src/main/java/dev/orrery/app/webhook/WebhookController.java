package dev.orrery.app.webhook;

import dev.orrery.gitsource.webhook.Forge;
import dev.orrery.gitsource.webhook.WebhookRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /hooks/github|gitea|gitlab}: push webhooks from Git hosting trigger GitSources; every
 * delivery is counted by forge and result.
 */
@Controller("/hooks")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhookController {
  private final WebhookReceiver receiver;
  private final WebhookMetrics metrics;

  public WebhookController(WebhookReceiver receiver, MeterRegistry registry) {
    this.receiver = receiver;
    this.metrics = new WebhookMetrics(registry);
  }

  @Post(uri = "/github", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> github(HttpRequest<?> request, @Body byte[] body) {
    return handle(Forge.GITHUB, request, body);
  }

  @Post(uri = "/gitea", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> gitea(HttpRequest<?> request, @Body byte[] body) {
    return handle(Forge.GITEA, request, body);
  }

  @Post(uri = "/gitlab", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> gitlab(HttpRequest<?> request, @Body byte[] body) {
    return handle(Forge.GITLAB, request, body);
  }

  /**
   * A body over the server's {@code max-request-size} is refused before a handler runs: counted
   * here.
   */
  @Error(exception = ContentLengthExceededException.class)
  public HttpResponse<Map<String, Object>> tooLarge(
      HttpRequest<?> request, ContentLengthExceededException e) {
    String path = request.getPath();
    Forge.byTag(path.substring(path.lastIndexOf('/') + 1))
        .ifPresent(forge -> metrics.delivered(forge, WebhookResult.TOO_LARGE));
    return reply(
        new WebhookReceiver.Reply(
            HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode(),
            WebhookResult.TOO_LARGE,
            e.getMessage(),
            List.of()));
  }

  private HttpResponse<Map<String, Object>> handle(
      Forge forge, HttpRequest<?> request, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    request
        .getHeaders()
        .forEach((name, values) -> headers.put(name, values.isEmpty() ? "" : values.get(0)));
    WebhookReceiver.Reply reply;
    try {
      reply =
          receiver.receive(forge, new WebhookRequest(headers, body == null ? new byte[0] : body));
    } catch (RuntimeException e) {
      metrics.delivered(forge, WebhookResult.ERROR);
      throw e;
    }
    metrics.delivered(forge, reply.result());
    return reply(reply);
  }

  private static HttpResponse<Map<String, Object>> reply(WebhookReceiver.Reply reply) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("message", reply.message());
    json.put("triggered", reply.triggered());
    return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(reply.status())).body(json);
  }
}
