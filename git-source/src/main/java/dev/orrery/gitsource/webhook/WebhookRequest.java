package dev.orrery.gitsource.webhook;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A received webhook as the HTTP layer hands it over: headers (looked up case-insensitively) and
 * the raw body bytes, which signatures are computed over.
 */
public final class WebhookRequest {

  private final Map<String, String> headers;
  private final byte[] body;

  /** A request with the given headers (first value of each) and raw body. */
  public WebhookRequest(Map<String, String> headers, byte[] body) {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = body.clone();
  }

  /** The value of a header, if present and not blank. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** All headers, with case-insensitive keys. */
  public Map<String, String> headers() {
    return headers;
  }

  /** A copy of the raw body. */
  public byte[] body() {
    return body.clone();
  }

  byte[] bodyUnsafe() {
    return body;
  }
}
