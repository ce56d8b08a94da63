package dev.orrery.app.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriteFenceTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final WriteFence fence = new WriteFence(Duration.ofSeconds(10), clock::get);

  @Test
  void refusesUntilLeading() {
    fence.renewed(clock.get());
    assertThat(fence.permitsWrites()).isFalse();
    fence.startLeading();
    assertThat(fence.permitsWrites()).isTrue();
  }

  @Test
  void closesWhenTheLastRenewalIsOlderThanTheDeadlineThoughNobodySaidSo() {
    fence.renewed(clock.get());
    fence.startLeading();
    clock.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(fence.permitsWrites()).isTrue();
    clock.addAndGet(Duration.ofSeconds(2).toNanos()); // paused past the deadline
    assertThat(fence.permitsWrites()).isFalse();
    fence.renewed(clock.get());
    assertThat(fence.permitsWrites()).isTrue();
  }

  @Test
  void aRenewalCountsFromWhenItWasSent() {
    long sent = clock.get();
    clock.addAndGet(Duration.ofSeconds(8).toNanos()); // a slow Lease update
    fence.renewed(sent);
    fence.startLeading();
    clock.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(fence.permitsWrites()).isFalse();
  }

  @Test
  void staysClosedForGoodOnceLeadershipIsLost() {
    fence.renewed(clock.get());
    fence.startLeading();
    fence.stopLeading();
    fence.renewed(clock.get());
    fence.startLeading();
    assertThat(fence.permitsWrites()).isFalse();
    assertThat(fence.leading()).isFalse();
  }

  @Test
  void alwaysOpenFenceLetsEverythingThrough() {
    assertThat(WriteFence.alwaysOpen().permitsWrites()).isTrue();
  }
}
