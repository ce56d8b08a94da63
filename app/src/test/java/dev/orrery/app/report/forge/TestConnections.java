package dev.orrery.app.report.forge;

import java.net.URI;
import java.time.Duration;

/** Connections to fake forges: a known token, four attempts, no real waiting, fixed jitter. */
final class TestConnections {
  static final String TOKEN = "tok_Secr3t-0123456789abcdef";
  static final RetryPolicy POLICY =
      new RetryPolicy(
          4,
          Duration.ofMillis(100),
          Duration.ofMillis(800),
          Duration.ofMinutes(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(60));

  private TestConnections() {}

  static ForgeConnection of(URI base, ManualTime time) {
    return new ForgeConnection(
        base,
        ForgeToken.of(TOKEN),
        POLICY,
        ForgeConnection.defaultHttpClient(),
        time,
        time,
        () -> 0.5);
  }
}
