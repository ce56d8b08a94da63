package dev.orrery.app.report.forge;

import dev.orrery.app.report.forge.ForgeReporter.Delivery;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A bounded, de-duplicating work queue on a few threads: work for one key runs one at a time and in
 * order, and work queued for a key that already has work waiting replaces it (the older one is
 * {@link Delivery#SUPERSEDED}), so a late "pending" can never overwrite a "success". When {@code
 * capacity} keys are already waiting, new work is {@link Delivery#DROPPED}.
 */
final class LatestWinsDispatcher implements AutoCloseable {

  private record Job(Supplier<Delivery> work, CompletableFuture<Delivery> result) {}

  private final ExecutorService workers;
  private final int capacity;
  private final Map<String, Job> waiting = new LinkedHashMap<>();
  private final Set<String> active = new HashSet<>();
  private boolean closed;

  LatestWinsDispatcher(int threads, int capacity, String threadNamePrefix) {
    if (threads < 1 || capacity < 1) {
      throw new IllegalArgumentException("threads and capacity must be at least 1");
    }
    this.capacity = capacity;
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, threadNamePrefix + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.workers =
        new ThreadPoolExecutor(
            threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
  }

  /** Queues work under a key; the future tells how it ended and never completes exceptionally. */
  CompletableFuture<Delivery> submit(String key, Supplier<Delivery> work) {
    Job job = new Job(work, new CompletableFuture<>());
    Job superseded;
    synchronized (this) {
      if (closed || (!waiting.containsKey(key) && waiting.size() >= capacity)) {
        job.result().complete(Delivery.DROPPED);
        return job.result();
      }
      superseded = waiting.put(key, job);
      if (active.add(key)) {
        workers.execute(() -> drain(key));
      }
    }
    if (superseded != null) {
      superseded.result().complete(Delivery.SUPERSEDED);
    }
    return job.result();
  }

  /** Whether work for this key waits to run (not counting work that runs now). */
  synchronized boolean isWaiting(String key) {
    return waiting.containsKey(key);
  }

  /** Runs the key's waiting work until none is left; at most one drain runs per key. */
  private void drain(String key) {
    while (true) {
      Job job;
      synchronized (this) {
        job = waiting.remove(key);
        if (job == null) {
          active.remove(key);
          return;
        }
      }
      Delivery delivery;
      try {
        delivery = job.work().get();
      } catch (RuntimeException e) {
        delivery = Delivery.FAILED;
      }
      job.result().complete(delivery);
    }
  }

  /** Stops the workers; waiting work is dropped and running work is interrupted. */
  @Override
  public void close() {
    Map<String, Job> dropped;
    synchronized (this) {
      closed = true;
      dropped = new HashMap<>(waiting);
      waiting.clear();
    }
    dropped.values().forEach(job -> job.result().complete(Delivery.DROPPED));
    workers.shutdownNow();
  }
}
