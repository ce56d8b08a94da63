package dev.orrery.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class SpaceReadinessTest {
  @Test
  void okIsReady() {
    assertThat(SpaceReadiness.of(() -> "ok")).isEqualTo("ready");
  }

  @Test
  void anotherAnswerIsNotReadyAndShown() {
    assertThat(SpaceReadiness.of(() -> "[-]etcd failed")).isEqualTo("not ready: [-]etcd failed");
    assertThat(SpaceReadiness.of(() -> null)).isEqualTo("not ready: no answer");
  }

  @Test
  void aFailureIsUnreachableWithTheInnermostReason() {
    assertThat(
            SpaceReadiness.of(
                () -> {
                  throw new IllegalStateException(
                      "request failed",
                      new UncheckedIOException(new ConnectException("Connection refused")));
                }))
        .isEqualTo("unreachable: Connection refused");
  }

  @Test
  void aProbeThatDoesNotAnswerInTimeIsUnreachable() {
    assertThat(
            SpaceReadiness.within(
                new java.util.concurrent.CompletableFuture<>(), java.time.Duration.ofMillis(50)))
        .isEqualTo("unreachable: no answer within 0 s");
    assertThat(
            SpaceReadiness.within(
                java.util.concurrent.CompletableFuture.completedFuture("ready"),
                java.time.Duration.ofSeconds(1)))
        .isEqualTo("ready");
  }
}
