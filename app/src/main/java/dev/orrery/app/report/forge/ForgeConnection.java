package dev.orrery.app.report.forge;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Everything a forge client needs to reach one forge: the base URL of its API, the token, the retry
 * policy, and the HTTP client, clock, sleeper and jitter source (the last three replaced in tests
 * so that no test really waits).
 */
public record ForgeConnection(
    URI baseUrl,
    ForgeToken token,
    RetryPolicy retry,
    HttpClient http,
    Clock clock,
    Sleeper sleeper,
    DoubleSupplier jitter) {

  public ForgeConnection {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(jitter, "jitter");
    String scheme = baseUrl.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("a forge base URL must be http or https, not " + scheme);
    }
    if (baseUrl.getHost() == null
        || baseUrl.getRawUserInfo() != null
        || baseUrl.getRawQuery() != null
        || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("a forge base URL is scheme://host[:port][/path] only");
    }
    String raw = baseUrl.toString();
    while (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    baseUrl = URI.create(raw);
  }

  /** A connection with the default retry policy, a fresh HTTP client and real time. */
  public static ForgeConnection of(URI baseUrl, ForgeToken token) {
    return new ForgeConnection(
        baseUrl,
        token,
        RetryPolicy.defaults(),
        defaultHttpClient(),
        Clock.systemUTC(),
        Sleeper.system(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * The HTTP client forge calls use by default. It never follows redirects: a redirect would carry
   * the token's header to wherever the forge points.
   */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** This connection with another retry policy. */
  public ForgeConnection withRetry(RetryPolicy policy) {
    return new ForgeConnection(baseUrl, token, policy, http, clock, sleeper, jitter);
  }

  /** This connection with another clock, sleeper and jitter source. */
  public ForgeConnection withTime(Clock newClock, Sleeper newSleeper, DoubleSupplier newJitter) {
    return new ForgeConnection(baseUrl, token, retry, http, newClock, newSleeper, newJitter);
  }
}
