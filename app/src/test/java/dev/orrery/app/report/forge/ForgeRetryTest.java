package dev.orrery.app.report.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orrery.gitsource.webhook.Forge;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry rules: which answers are transient, how long to wait, and when to stop. */
class ForgeRetryTest {
  static final Duration SECONDARY = Duration.ofSeconds(60);

  @ParameterizedTest(name = "{0} {1} [{2}] \"{3}\" -> retry={4}, wait={5}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // forge | status | headers (k=v;k=v) | error message | retryable | wait in seconds
        "GITHUB | 500 | - | - | true | -",
        "GITHUB | 502 | - | - | true | -",
        "GITEA | 503 | Retry-After=9 | - | true | 9",
        "GITLAB | 504 | - | - | true | -",
        "GITLAB | 501 | - | - | false | -",
        "GITHUB | 408 | - | - | true | -",
        "GITHUB | 429 | - | - | true | -",
        "GITLAB | 429 | Retry-After=12 | - | true | 12",
        "GITLAB | 429 | RateLimit-Remaining=0;RateLimit-Reset=1740830430 | - | true | 31",
        "GITHUB | 403 | X-RateLimit-Remaining=0;X-RateLimit-Reset=1740830410 | API rate limit exceeded | true | 11",
        "GITHUB | 403 | Retry-After=30 | secondary rate limit | true | 30",
        "GITHUB | 403 | - | You have exceeded a secondary rate limit | true | 60",
        "GITHUB | 403 | X-RateLimit-Remaining=4999 | Resource not accessible | false | -",
        "GITEA | 403 | Retry-After=30 | - | false | -",
        "GITLAB | 403 | - | rate limit | false | -",
        "GITHUB | 401 | - | Bad credentials | false | -",
        "GITHUB | 404 | - | Not Found | false | -",
        "GITHUB | 422 | Retry-After=5 | Validation Failed | false | -",
        "GITHUB | 429 | Retry-After=Sat, 01 Mar 2025 12:00:45 GMT | - | true | 45",
        "GITHUB | 429 | Retry-After=-3 | - | true | 0",
      })
  void classifiesFailedAnswers(
      Forge forge,
      int status,
      String headers,
      String message,
      boolean retryable,
      Long waitSeconds) {
    RetryVerdict verdict =
        RetryVerdict.of(forge, status, headers(headers), message, ManualTime.START, SECONDARY);

    assertThat(verdict.retryable()).isEqualTo(retryable);
    assertThat(verdict.delay())
        .isEqualTo(Optional.ofNullable(waitSeconds).map(Duration::ofSeconds));
  }

  @Test
  void backoffDoublesUpToTheCapWithJitterInTheUpperHalf() {
    RetryPolicy policy =
        new RetryPolicy(
            10,
            Duration.ofMillis(100),
            Duration.ofMillis(1000),
            Duration.ofMinutes(1),
            Duration.ofSeconds(1),
            SECONDARY);

    assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(n -> policy.backoff(n, 0.0).toMillis()))
        .containsExactly(50L, 100L, 200L, 400L, 500L, 500L);
    assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(n -> policy.backoff(n, 0.999).toMillis()))
        .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    assertThat(policy.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void policyRejectsNonsense() {
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    0,
                    Duration.ofMillis(1),
                    Duration.ofMillis(1),
                    Duration.ofMillis(1),
                    Duration.ofMillis(1),
                    Duration.ofMillis(1)))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    1,
                    Duration.ofMillis(10),
                    Duration.ofMillis(1),
                    Duration.ofMillis(1),
                    Duration.ofMillis(1),
                    Duration.ofMillis(1)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> RetryPolicy.defaults().backoff(1, 1.0)).hasMessageContaining("jitter");
  }

  @Test
  void retriesTransientFailuresUntilOneSucceeds() {
    ManualTime time = new ManualTime();
    Retrier retrier = new Retrier(connection(time, 5, Duration.ofMinutes(1)));
    List<Integer> answers = new ArrayList<>(List.of(502, 0, 429));

    String result =
        retrier.run(
            Forge.GITHUB,
            "test",
            () -> {
              if (answers.isEmpty()) {
                return "done";
              }
              throw failure(
                  answers.remove(0), true, answers.size() == 0 ? Duration.ofSeconds(3) : null);
            });

    assertThat(result).isEqualTo("done");
    assertThat(time.sleeps())
        .containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofSeconds(3));
  }

  @Test
  void aFinalFailureIsThrownAtOnce() {
    ManualTime time = new ManualTime();
    Retrier retrier = new Retrier(connection(time, 5, Duration.ofMinutes(1)));
    int[] calls = {0};

    ForgeException e =
        catchThrowableOfType(
            () ->
                retrier.run(
                    Forge.GITEA,
                    "test",
                    () -> {
                      calls[0]++;
                      throw failure(404, false, null);
                    }),
            ForgeException.class);

    assertThat(calls[0]).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
    assertThat(e.getMessage()).doesNotContain("gave up");
  }

  @Test
  void stopsWhenTheNextWaitWouldOverrunTheTimeBudget() {
    ManualTime time = new ManualTime();
    Retrier retrier = new Retrier(connection(time, 50, Duration.ofMillis(1000)));
    int[] calls = {0};

    ForgeException e =
        catchThrowableOfType(
            () ->
                retrier.run(
                    Forge.GITLAB,
                    "test",
                    () -> {
                      calls[0]++;
                      throw failure(503, true, null);
                    }),
            ForgeException.class);

    // waits 75 + 150 + 300 = 525 ms; the next (600 ms) would end past 1000 ms
    assertThat(time.sleeps())
        .containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
    assertThat(calls[0]).isEqualTo(4);
    assertThat(e.getMessage()).contains("gave up after 4 attempts").contains("1000 ms budget");
  }

  @Test
  void aWaitInterruptedStopsRetrying() {
    ManualTime time = new ManualTime();
    ForgeConnection interrupting =
        connection(time, 5, Duration.ofMinutes(1))
            .withTime(
                time,
                d -> {
                  throw new InterruptedException();
                },
                () -> 0.5);

    ForgeException e =
        catchThrowableOfType(
            () ->
                new Retrier(interrupting)
                    .run(
                        Forge.GITHUB,
                        "test",
                        () -> {
                          throw failure(502, true, null);
                        }),
            ForgeException.class);

    assertThat(e.getMessage()).contains("interrupted");
    assertThat(Thread.interrupted()).as("the interrupt flag is restored").isTrue();
  }

  private static ForgeConnection connection(ManualTime time, int attempts, Duration budget) {
    RetryPolicy policy =
        new RetryPolicy(
            attempts,
            Duration.ofMillis(100),
            Duration.ofMillis(800),
            budget,
            Duration.ofSeconds(1),
            SECONDARY);
    return TestConnections.of(URI.create("http://127.0.0.1:1"), time).withRetry(policy);
  }

  private static ForgeException failure(int status, boolean retryable, Duration retryAfter) {
    return new ForgeException(Forge.GITHUB, "POST", "/x", status, "", retryable, retryAfter, null);
  }

  private static HttpHeaders headers(String spec) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (spec != null) {
      for (String pair : spec.split(";")) {
        int eq = pair.indexOf('=');
        map.put(pair.substring(0, eq).strip(), List.of(pair.substring(eq + 1).strip()));
      }
    }
    return HttpHeaders.of(map, (k, v) -> true);
  }
}
