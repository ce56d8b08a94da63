package dev.orrery.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orrery.placement.controller.InventoryUnavailableException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The dashboard's page ({@code /}) and its read-only JSON API under {@code /api/v1/dashboard}: the
 * fleet map, a GitSource, a BindingPolicy, a cluster, and {@code events}, the server-sent events
 * that tell open pages a new version is there. Everything comes from the informer caches.
 */
@Controller
public class DashboardController {
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final DashboardFeed feed;
  private final DashboardReader reader;
  private final String page;

  public DashboardController(DashboardFeed feed, DashboardReader reader) {
    this.feed = feed;
    this.reader = reader;
    this.page = resource("dashboard/index.html");
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<String> index() {
    return HttpResponse.ok(page)
        .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer");
  }

  @Get(uri = "/api/v1/dashboard/fleet", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> fleet() {
    String json = feed.fleetJson();
    if (json == null) {
      return unavailable(feed.unavailable());
    }
    return HttpResponse.ok(json);
  }

  @ExecuteOn(TaskExecutors.BLOCKING)
  @Get(
      uri = "/api/v1/dashboard/gitsources/{namespace}/{name}",
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> gitSource(@PathVariable String namespace, @PathVariable String name) {
    return page(() -> reader.gitSource(namespace, name), "GitSource " + namespace + "/" + name);
  }

  @ExecuteOn(TaskExecutors.BLOCKING)
  @Get(uri = "/api/v1/dashboard/bindingpolicies/{name}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> policy(@PathVariable String name) {
    return page(() -> reader.policy(name), "BindingPolicy " + name);
  }

  @ExecuteOn(TaskExecutors.BLOCKING)
  @Get(uri = "/api/v1/dashboard/clusters/{name}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> cluster(@PathVariable String name) {
    return page(() -> reader.cluster(name), "cluster " + name);
  }

  @ExecuteOn(TaskExecutors.BLOCKING)
  @Get(uri = "/api/v1/dashboard/rollouts", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> rollouts() {
    return page(() -> Optional.of(Map.of("rollouts", reader.rollouts())), "rollouts");
  }

  @ExecuteOn(TaskExecutors.BLOCKING)
  @Get(uri = "/api/v1/dashboard/rollouts/{name}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> rollout(@PathVariable String name) {
    return page(() -> reader.rollout(name), "rollout of BindingPolicy " + name);
  }

  /** {@code changed} events carrying the new version; a comment every 15 s keeps proxies open. */
  @Get(uri = "/api/v1/dashboard/events", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<String>> events() {
    Flux<Event<String>> changes =
        Flux.concat(Flux.just(feed.version()), feed.versions())
            .map(v -> Event.of("{\"version\":" + v + "}").name("changed").id(Long.toString(v)));
    Flux<Event<String>> keepAlive =
        Flux.interval(KEEP_ALIVE).map(i -> Event.of("{}").name("keepalive"));
    return Flux.merge(changes, keepAlive);
  }

  private static HttpResponse<String> page(
      Supplier<Optional<Map<String, Object>>> read, String what) {
    try {
      Optional<Map<String, Object>> view = read.get();
      if (view.isEmpty()) {
        return HttpResponse.<String>status(HttpStatus.NOT_FOUND).body(message("no " + what));
      }
      return HttpResponse.ok(DashboardFeed.JSON.writeValueAsString(view.get()));
    } catch (InventoryUnavailableException e) {
      return unavailable(e.getMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the " + what + " page", e);
    }
  }

  private static HttpResponse<String> unavailable(String why) {
    return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body(message(why));
  }

  static String message(String text) {
    try {
      return DashboardFeed.JSON.writeValueAsString(Map.of("message", text == null ? "" : text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = DashboardController.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
