package dev.orrery.app.report.forge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.orrery.gitsource.webhook.Forge;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP exchange with a forge's JSON API, without retries: adds the forge's headers (the token
 * among them), sends, and returns a 2xx answer or throws a {@link ForgeException} that says whether
 * another attempt may help. Requests only ever go to the configured origin, and every message is
 * redacted of the token.
 */
final class ForgeHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DETAIL_LIMIT = 300;

  private final Forge forge;
  private final ForgeConnection connection;
  private final Map<String, String> headers;

  ForgeHttp(Forge forge, ForgeConnection connection, Map<String, String> headers) {
    this.forge = forge;
    this.connection = connection;
    this.headers = new LinkedHashMap<>(headers);
  }

  Forge forge() {
    return forge;
  }

  ForgeConnection connection() {
    return connection;
  }

  /** The base URL plus a path (and query) that starts with {@code /}. */
  URI resolve(String pathAndQuery) {
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("a forge path starts with /: " + pathAndQuery);
    }
    return URI.create(connection.baseUrl() + pathAndQuery);
  }

  ForgeResponse send(String method, String pathAndQuery, JsonNode body) {
    return send(method, resolve(pathAndQuery), body);
  }

  /** Sends to an absolute URL, which must be on the forge's own origin (pagination links). */
  ForgeResponse send(String method, URI uri, JsonNode body) {
    if (!sameOrigin(uri, connection.baseUrl())) {
      throw failure(
          method,
          uri,
          0,
          "not sent: refusing to send the token to "
              + uri.getScheme()
              + "://"
              + uri.getHost()
              + ", which is not the configured forge",
          false,
          null,
          null);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(connection.retry().requestTimeout());
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(
          method, HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
    }
    HttpResponse<String> response;
    try {
      response =
          connection
              .http()
              .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw failure(method, uri, 0, describe(e), true, null, safeCause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(method, uri, 0, "interrupted", false, null, null);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new ForgeResponse(
          uri, status, response.headers(), parse(response.body(), method, uri, status));
    }
    String detail = errorDetail(response.body());
    if (status >= 300 && status < 400) {
      detail =
          "redirected to "
              + response.headers().firstValue("Location").orElse("nowhere")
              + "; point Orrery at the new location";
    }
    RetryVerdict verdict =
        RetryVerdict.of(
            forge,
            status,
            response.headers(),
            detail,
            connection.clock().instant(),
            connection.retry().secondaryRateLimitWait());
    throw failure(
        method, uri, status, detail, verdict.retryable(), verdict.delay().orElse(null), null);
  }

  /** A 2xx answer whose body is not what the API documents. */
  ForgeException unexpected(String method, URI uri, int status, String what) {
    return failure(method, uri, status, "unexpected answer: " + what, false, null, null);
  }

  /** Every failure is built here, so that its path and detail are redacted of the token. */
  private ForgeException failure(
      String method,
      URI uri,
      int status,
      String detail,
      boolean retryable,
      Duration retryAfter,
      Throwable cause) {
    return new ForgeException(
        forge, method, redact(pathOf(uri)), status, redact(detail), retryable, retryAfter, cause);
  }

  private JsonNode parse(String body, String method, URI uri, int status) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw failure(method, uri, status, "answer is not JSON", false, null, null);
    }
  }

  private static String write(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /**
   * The forge's error message: {@code message} (GitHub, Gitea, GitLab) or {@code error}, else the
   * raw body.
   */
  private static String errorDetail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String detail;
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode message =
          node.path("message").isMissingNode() ? node.path("error") : node.path("message");
      detail =
          message.isMissingNode() || message.isNull()
              ? node.toString()
              : message.isTextual() ? message.asText() : message.toString();
    } catch (JsonProcessingException notJson) {
      detail = body.strip();
    }
    return Texts.truncate(detail.replaceAll("\\s+", " "), DETAIL_LIMIT);
  }

  private String redact(String text) {
    return connection.token().redact(text);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** The cause is kept for its stack trace only when no message along its chain holds the token. */
  private Throwable safeCause(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (!Objects.equals(t.getMessage(), redact(t.getMessage()))) {
        return null;
      }
    }
    return cause;
  }

  private static String pathOf(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
