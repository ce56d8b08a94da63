package dev.orrery.app.argocd;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Sends exactly what Argo CD's ApplicationSet controller sends to a plugin generator (its {@code
 * applicationset/services/internal/http} client): {@code POST <baseUrl>/api/v1/getparams.execute},
 * headers {@code Content-Type: application/json}, {@code Authorization: Bearer <token>}, {@code
 * User-Agent: argocd-applicationset} and Go's default {@code Accept-Encoding: gzip}, and a body
 * written by Go's {@code json.Encoder} (compact, map keys sorted, a trailing newline).
 */
final class ApplicationSetControllerClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI baseUrl;

  /**
   * What came back: the status, the content type and the decoded JSON body (null when not JSON).
   */
  record Reply(int status, String contentType, Map<String, Object> json, String text) {}

  ApplicationSetControllerClient(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * The body Argo CD sends for an ApplicationSet whose plugin input parameters are {@code
   * parametersJson}.
   */
  static byte[] body(String applicationSetName, String parametersJson) {
    String input = parametersJson == null ? "{}" : "{\"parameters\":" + parametersJson + "}";
    return ("{\"applicationSetName\":\"" + applicationSetName + "\",\"input\":" + input + "}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  Reply getParams(String token, String applicationSetName, String parametersJson) {
    return post(token, body(applicationSetName, parametersJson));
  }

  Reply post(String token, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return post(headers, body);
  }

  Reply post(Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(baseUrl.resolve("/api/v1/getparams.execute"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("User-Agent", "argocd-applicationset")
            .header("Accept-Encoding", "gzip");
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] bytes = response.body();
      if (response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      Map<String, Object> json = null;
      try {
        json = JSON.readValue(bytes, new TypeReference<Map<String, Object>>() {});
      } catch (IOException notJson) {
        // Left null: the assertion on json names the problem with the text.
      }
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          json,
          text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
