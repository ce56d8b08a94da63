package dev.orrery.controller;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A de-duplicating, delaying work queue of keys: a key is queued at most once (the earliest due
 * time wins), and a key being worked on is not handed to a second worker; if it is queued again
 * meanwhile, it comes back once {@link #done} is called. Like client-go's workqueue.
 */
public final class WorkQueue<K> {
  private record Due<K>(long atNanos, long seq, K key) {}

  private final PriorityQueue<Due<K>> heap =
      new PriorityQueue<>(
          (a, b) ->
              a.atNanos != b.atNanos
                  ? Long.compare(a.atNanos, b.atNanos)
                  : Long.compare(a.seq, b.seq));
  private final Map<K, Long> dueAt = new HashMap<>();
  private final Set<K> inFlight = new HashSet<>();
  private final Map<K, Long> parked = new HashMap<>();
  private long seq;
  private boolean shutDown;

  public void add(K key) {
    addAfter(key, Duration.ZERO);
  }

  /** Queues {@code key} to be due after {@code delay}, unless it is already due sooner. */
  public synchronized void addAfter(K key, Duration delay) {
    if (shutDown) {
      return;
    }
    long at = System.nanoTime() + Math.max(0, delay.toNanos());
    if (inFlight.contains(key)) {
      parked.merge(key, at, Math::min);
      return;
    }
    Long current = dueAt.get(key);
    if (current != null && current <= at) {
      return;
    }
    dueAt.put(key, at);
    heap.add(new Due<>(at, seq++, key));
    notifyAll();
  }

  /** Blocks until a key is due; empty once the queue is shut down. */
  public synchronized Optional<K> take() throws InterruptedException {
    while (!shutDown) {
      Due<K> head = heap.peek();
      if (head == null) {
        wait();
        continue;
      }
      Long current = dueAt.get(head.key);
      if (current == null || current != head.atNanos) {
        heap.poll();
        continue;
      }
      long waitNanos = head.atNanos - System.nanoTime();
      if (waitNanos > 0) {
        wait(Math.max(1, waitNanos / 1_000_000), 0);
        continue;
      }
      heap.poll();
      dueAt.remove(head.key);
      inFlight.add(head.key);
      return Optional.of(head.key);
    }
    return Optional.empty();
  }

  /** Marks {@code key} finished; a re-queue that came in meanwhile takes effect now. */
  public synchronized void done(K key) {
    inFlight.remove(key);
    Long at = parked.remove(key);
    if (at != null) {
      addAfter(key, Duration.ofNanos(Math.max(0, at - System.nanoTime())));
    }
  }

  /** Drops a queued key (e.g. its object was deleted). */
  public synchronized void forget(K key) {
    dueAt.remove(key);
    parked.remove(key);
  }

  public synchronized int size() {
    return dueAt.size();
  }

  /** Whether no key is queued, parked or being worked on. */
  public synchronized boolean idle() {
    return dueAt.isEmpty() && inFlight.isEmpty() && parked.isEmpty();
  }

  public synchronized void shutDown() {
    shutDown = true;
    notifyAll();
  }
}
