package dev.orrery.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class KeyedWorkersTest {
  /** Waits until {@code calls} reaches {@code atLeast}; returns how long that took. */
  private static Duration awaitCalls(AtomicInteger calls, int atLeast) {
    long started = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> calls.get() >= atLeast);
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** Checks for {@code period} that {@code calls} stays at {@code count}. */
  private static void assertStays(AtomicInteger calls, int count, Duration period) {
    await().during(period).atMost(period.multipliedBy(3)).until(() -> calls.get() == count);
  }

  @Test
  void aReconcileCanAskToBeLookedAtAgainAfterADuration() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (KeyedWorkers<String> workers =
        new KeyedWorkers<>(
            "test",
            new WorkQueue<>(),
            key ->
                calls.incrementAndGet() < 3
                    ? Optional.of(Duration.ofMillis(20))
                    : Optional.empty())) {
      workers.start(1);
      workers.queue().add("a");
      awaitCalls(calls, 3);
      assertStays(calls, 3, Duration.ofMillis(100));
      assertThat(workers.queue().idle()).isTrue();
    }
  }

  @Test
  void aFailingReconcileIsRetriedWithBackoffStartingAtOneSecond() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (KeyedWorkers<String> workers =
        new KeyedWorkers<>(
            "test",
            new WorkQueue<>(),
            key -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
              }
              return Optional.empty();
            })) {
      workers.start(1);
      workers.queue().add("a");
      assertThat(awaitCalls(calls, 2)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
  }

  @Test
  void aConflictIsRetriedSoonWithoutBackoff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (KeyedWorkers<String> workers =
        new KeyedWorkers<>(
            "test",
            new WorkQueue<>(),
            key -> {
              if (calls.incrementAndGet() == 1) {
                throw new KubernetesClientException("conflict", 409, null);
              }
              return Optional.empty();
            })) {
      workers.start(1);
      workers.queue().add("a");
      assertThat(awaitCalls(calls, 2)).isLessThan(Duration.ofMillis(900));
    }
  }

  @Test
  void oneKeyIsNeverReconciledByTwoWorkersAtOnce() throws Exception {
    List<String> overlaps = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    try (KeyedWorkers<String> workers =
        new KeyedWorkers<>(
            "test",
            new WorkQueue<>(),
            key -> {
              if (running.incrementAndGet() > 1) {
                overlaps.add(key);
              }
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              running.decrementAndGet();
              return calls.incrementAndGet() < 5 ? Optional.of(Duration.ZERO) : Optional.empty();
            })) {
      workers.start(3);
      for (int i = 0; i < 5; i++) {
        workers.queue().add("a");
      }
      awaitCalls(calls, 5);
      assertThat(overlaps).isEmpty();
    }
  }

  @Test
  void aForgottenKeyIsNotReconciled() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (KeyedWorkers<String> workers =
        new KeyedWorkers<>(
            "test",
            new WorkQueue<>(),
            key -> {
              calls.incrementAndGet();
              return Optional.empty();
            })) {
      workers.queue().addAfter("a", Duration.ofMillis(50));
      workers.forget("a");
      workers.start(1);
      assertStays(calls, 0, Duration.ofMillis(150));
    }
  }

  @Test
  void theReconcileLogsWithTheKeysResourceAndTheNextReconcileDoesNot() throws Exception {
    Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    try (KeyedWorkers<String> workers =
        new KeyedWorkers<>(
            "binding",
            new WorkQueue<>(),
            key ->
                key.equals("described")
                    ? new ResourceIdentity("Binding", null, "described", 4L)
                    : null,
            key -> {
              seen.put(key, new HashMap<>(MDC.getCopyOfContextMap()));
              return Optional.empty();
            })) {
      workers.start(1);
      workers.queue().add("described");
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsKey("described"));
      workers.queue().add("plain");
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsKey("plain"));
    }
    assertThat(seen.get("described"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "binding", "described",
                "resource.kind", "Binding",
                "resource.name", "described",
                "resource.generation", "4"));
    assertThat(seen.get("plain")).containsExactlyEntriesOf(Map.of("binding", "plain"));
  }

  @Test
  void aKeyThatCannotBeDescribedIsStillReconciled() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (KeyedWorkers<String> workers =
        new KeyedWorkers<>(
            "test",
            new WorkQueue<>(),
            key -> {
              throw new IllegalStateException("cache not started");
            },
            key -> {
              calls.incrementAndGet();
              return Optional.empty();
            })) {
      workers.start(1);
      workers.queue().add("a");
      awaitCalls(calls, 1);
    }
  }
}
