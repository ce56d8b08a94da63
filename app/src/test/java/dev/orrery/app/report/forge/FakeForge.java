package dev.orrery.app.report.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A forge impersonated on 127.0.0.1 with the JDK's HTTP server: records requests, answers as
 * scripted.
 */
final class FakeForge implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the forge received it; the path and query are raw (still percent-encoded). */
  record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    JsonNode json() {
      return FakeForge.json(body);
    }

    /** {@code METHOD /path?query}. */
    String line() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }

    String queryParam(String name) {
      if (query == null) {
        return null;
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return pair.substring(eq + 1);
        }
      }
      return null;
    }
  }

  /** An answer: status, headers and body. */
  record Reply(int status, Map<String, String> headers, String body) {
    static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    static Reply json(int status, JsonNode body) {
      return json(status, body.toString());
    }

    Reply with(String header, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(header, value);
      return new Reply(status, more, body);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, Deque<Reply>> scripted = new HashMap<>();
  private Function<Request, Reply> fallback = r -> Reply.json(404, "{\"message\":\"Not Found\"}");

  FakeForge() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers every request the script does not cover. */
  synchronized FakeForge fallback(Function<Request, Reply> handler) {
    this.fallback = handler;
    return this;
  }

  /**
   * Answers the next requests to {@code METHOD rawPath} (query ignored) with these replies, in
   * order.
   */
  synchronized FakeForge script(String method, String rawPath, Reply... replies) {
    Deque<Reply> queue = scripted.computeIfAbsent(method + " " + rawPath, k -> new ArrayDeque<>());
    queue.addAll(List.of(replies));
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized List<String> lines() {
    return requests.stream().map(Request::line).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      URI uri = exchange.getRequestURI();
      Request request =
          new Request(
              exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
      Reply reply;
      synchronized (this) {
        requests.add(request);
        Deque<Reply> queue = scripted.get(request.method() + " " + request.path());
        reply = queue != null && !queue.isEmpty() ? queue.poll() : fallback.apply(request);
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes =
          reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
