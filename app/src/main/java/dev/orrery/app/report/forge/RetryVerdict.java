package dev.orrery.app.report.forge;

import dev.orrery.gitsource.webhook.Forge;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a failed forge answer is worth another attempt, and how long the forge asked to wait:
 * 408, 429 and 5xx (but 501 and 505) are transient; so is GitHub's 403 when it reports an exhausted
 * primary rate limit ({@code X-RateLimit-Remaining: 0}) or a secondary rate limit ({@code
 * Retry-After}, or a message saying so). Waits come from {@code Retry-After} (seconds or an HTTP
 * date), else from {@code X-RateLimit-Reset} / {@code RateLimit-Reset} (epoch seconds) when the
 * limit is exhausted.
 */
record RetryVerdict(boolean retryable, Optional<Duration> delay) {
  static final RetryVerdict FINAL = new RetryVerdict(false, Optional.empty());

  static RetryVerdict of(
      Forge forge,
      int status,
      HttpHeaders headers,
      String message,
      Instant now,
      Duration secondaryRateLimitWait) {
    Optional<Duration> retryAfter = retryAfter(headers, now);
    boolean limitExhausted =
        headers
                .firstValue("X-RateLimit-Remaining")
                .map(String::strip)
                .filter("0"::equals)
                .isPresent()
            || headers
                .firstValue("RateLimit-Remaining")
                .map(String::strip)
                .filter("0"::equals)
                .isPresent();
    boolean saysRateLimit =
        message != null && message.toLowerCase(Locale.ROOT).contains("rate limit");
    if (status == 429
        || (forge == Forge.GITHUB
            && status == 403
            && (retryAfter.isPresent() || limitExhausted || saysRateLimit))) {
      if (retryAfter.isPresent()) {
        return new RetryVerdict(true, retryAfter);
      }
      Optional<Duration> untilReset = limitExhausted ? untilReset(headers, now) : Optional.empty();
      if (untilReset.isPresent()) {
        return new RetryVerdict(true, untilReset);
      }
      // GitHub: a secondary rate limit without headers means waiting at least a minute.
      boolean secondary = forge == Forge.GITHUB && saysRateLimit;
      return new RetryVerdict(
          true, secondary ? Optional.of(secondaryRateLimitWait) : Optional.empty());
    }
    if (status == 408 || (status >= 500 && status != 501 && status != 505)) {
      return new RetryVerdict(true, retryAfter);
    }
    return FINAL;
  }

  private static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    Optional<String> value =
        headers.firstValue("Retry-After").map(String::strip).filter(v -> !v.isEmpty());
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(nonNegative(Duration.between(now, at)));
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static Optional<Duration> untilReset(HttpHeaders headers, Instant now) {
    Optional<String> reset =
        headers.firstValue("X-RateLimit-Reset").or(() -> headers.firstValue("RateLimit-Reset"));
    try {
      // Reset times have one-second resolution: wait one more second so the window has surely
      // reset.
      return reset
          .map(v -> Instant.ofEpochSecond(Long.parseLong(v.strip())))
          .map(at -> nonNegative(Duration.between(now, at)).plusSeconds(1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
