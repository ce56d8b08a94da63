package dev.orrery.app.webhook;

import dev.orrery.gitsource.webhook.Forge;
import dev.orrery.gitsource.webhook.WebhookRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /hooks/github|gitea|gitlab}: push webhooks from Git hosting trigger GitSources. */
@Controller("/hooks")
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhookController {
  private final WebhookReceiver receiver;

  public WebhookController(WebhookReceiver receiver) {
    this.receiver = receiver;
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

  private HttpResponse<Map<String, Object>> handle(Forge forge, HttpRequest<?> request, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.getHeaders().forEach((name, values) -> headers.put(name, values.isEmpty() ? "" : values.get(0)));
    WebhookReceiver.Reply reply = receiver.receive(forge, new WebhookRequest(headers, body == null ? new byte[0] : body));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("message", reply.message());
    json.put("triggered", reply.triggered());
    return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(reply.status())).body(json);
  }
}
