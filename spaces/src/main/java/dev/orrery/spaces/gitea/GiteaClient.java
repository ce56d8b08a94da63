package dev.orrery.spaces.gitea;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.orrery.spaces.SpacesException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** JSON calls to a Gitea REST API ({@code /api/v1}), authenticated with a token or a password. */
public final class GiteaClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI api;
  private final String authorization;

  private GiteaClient(URI baseUrl, String authorization) {
    this.api = baseUrl.resolve("api/v1");
    this.authorization = authorization;
  }

  /** A client that sends {@code Authorization: token <token>}. */
  public static GiteaClient withToken(URI baseUrl, String token) {
    return new GiteaClient(baseUrl, "token " + token);
  }

  /** A client that sends HTTP basic authentication (needed, for example, to create tokens). */
  public static GiteaClient withPassword(URI baseUrl, String user, String password) {
    String pair = user + ":" + password;
    return new GiteaClient(
        baseUrl,
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code GET /api/v1<path>}, e.g. {@code get("/repos/orrery/app/commits")}. */
  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  /** {@code POST /api/v1<path>} with {@code body} (maps, lists, records) as JSON. */
  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  /** {@code DELETE /api/v1<path>}. */
  public void delete(String path) {
    send("DELETE", path, null);
  }

  /**
   * Sends one request and returns the JSON answer ({@link MissingNode} when there is none); fails
   * with {@link GiteaApiException} on any status other than 2xx.
   */
  public JsonNode send(String method, String path, Object body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : json(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SpacesException(method + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpacesException("interrupted during " + method + " " + request.uri(), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new GiteaApiException(method, path, response.statusCode(), response.body());
    }
    if (response.body().isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new SpacesException(
          method + " " + path + " answered with no JSON: " + response.body(), e);
    }
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(
          JSON.writeValueAsString(body), StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + body + " as JSON", e);
    }
  }
}
