package dev.orrery.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  @Test
  void aKeyQueuedTwiceIsHandedOutOnce() throws Exception {
    WorkQueue<String> q = new WorkQueue<>();
    q.add("a");
    q.add("a");
    q.add("b");
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.take()).contains("a");
    assertThat(q.take()).contains("b");
    assertThat(q.size()).isZero();
  }

  @Test
  void aKeyInFlightIsNotHandedOutAgainUntilDoneThenComesBack() throws Exception {
    WorkQueue<String> q = new WorkQueue<>();
    q.add("a");
    assertThat(q.take()).contains("a");
    q.add("a");
    assertThat(q.size()).as("parked while in flight").isZero();
    q.done("a");
    assertThat(q.take()).contains("a");
  }

  @Test
  void isIdleOnlyWhenNothingIsQueuedParkedOrInFlight() throws Exception {
    WorkQueue<String> q = new WorkQueue<>();
    assertThat(q.idle()).isTrue();
    q.add("a");
    assertThat(q.idle()).isFalse();
    assertThat(q.take()).contains("a");
    assertThat(q.idle()).as("in flight").isFalse();
    q.add("a");
    q.done("a");
    assertThat(q.take()).contains("a");
    q.done("a");
    assertThat(q.idle()).isTrue();
  }

  @Test
  void theEarliestDueTimeWinsAndDelayedKeysWait() throws Exception {
    WorkQueue<String> q = new WorkQueue<>();
    q.addAfter("slow", Duration.ofHours(1));
    q.addAfter("soon", Duration.ofMillis(20));
    q.addAfter("slow", Duration.ZERO);
    assertThat(q.take()).contains("slow");
    assertThat(q.take()).contains("soon");
  }

  @Test
  void shutDownReleasesWaitingWorkers() throws Exception {
    WorkQueue<String> q = new WorkQueue<>();
    Thread t = new Thread(() -> q.shutDown());
    t.start();
    Optional<String> none = q.take();
    assertThat(none).isEmpty();
  }
}
