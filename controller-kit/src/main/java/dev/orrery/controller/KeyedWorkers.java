package dev.orrery.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Worker threads that take keys from a {@link WorkQueue} and reconcile them one at a time per key,
 * with the key in the logging MDC and, when the loop says how to describe its keys, the resource's
 * kind, namespace, name and generation ({@link ResourceMdc}). A reconcile returns when to look
 * again (or empty); one that throws is retried with exponential backoff (1 s doubling to 5 min).
 */
public final class KeyedWorkers<K> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedWorkers.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final String name;
  private final WorkQueue<K> queue;
  private final Function<K, Optional<Duration>> reconcile;
  private final Function<K, ResourceIdentity> describe;
  private final Map<K, Integer> failures = new ConcurrentHashMap<>();
  private final AtomicLong failed = new AtomicLong();
  private ExecutorService pool;
  private volatile boolean closing;

  /** {@code name} labels threads and the MDC key ({@code name=key} in every log line). */
  public KeyedWorkers(String name, WorkQueue<K> queue, Function<K, Optional<Duration>> reconcile) {
    this(name, queue, key -> null, reconcile);
  }

  /**
   * As above, and {@code describe} says which resource a key stands for (read from a cache, so
   * cheap): its identity is in the MDC for the reconcile, as {@link ResourceMdc} puts it.
   */
  public KeyedWorkers(
      String name,
      WorkQueue<K> queue,
      Function<K, ResourceIdentity> describe,
      Function<K, Optional<Duration>> reconcile) {
    this.name = name;
    this.queue = queue;
    this.describe = describe;
    this.reconcile = reconcile;
  }

  public void start(int workers) {
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < workers; i++) {
      pool.submit(this::loop);
    }
  }

  public WorkQueue<K> queue() {
    return queue;
  }

  /**
   * Reconciles that failed and were retried with backoff so far (conflicts, retried at once, not
   * counted).
   */
  public long failures() {
    return failed.get();
  }

  /** Drops {@code key} from the queue and forgets its failures (e.g. its object was deleted). */
  public void forget(K key) {
    queue.forget(key);
    failures.remove(key);
  }

  private void loop() {
    try {
      while (true) {
        Optional<K> next = queue.take();
        if (next.isEmpty()) {
          return;
        }
        K key = next.get();
        MDC.put(name, String.valueOf(key));
        ResourceMdc resource = describe(key);
        try {
          Optional<Duration> again = reconcile.apply(key);
          failures.remove(key);
          again.ifPresent(d -> queue.addAfter(key, d));
        } catch (RuntimeException e) {
          if (closing) {
            return;
          }
          if (e instanceof KubernetesClientException k && k.getCode() == 409) {
            // A newer version is on its way through the informer: look again shortly, no backoff.
            LOG.debug("{} {} conflicted; retrying", name, key);
            queue.addAfter(key, Duration.ofMillis(200));
            continue;
          }
          failed.incrementAndGet();
          int attempt = failures.merge(key, 1, Integer::sum);
          Duration backoff = Duration.ofSeconds(1L << Math.min(attempt - 1, 9));
          backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
          LOG.warn(
              "{} {} failed (attempt {}), retrying in {}s: {}",
              name,
              key,
              attempt,
              backoff.toSeconds(),
              e.toString());
          LOG.debug("{} {} failure", name, key, e);
          queue.addAfter(key, backoff);
        } finally {
          if (resource != null) {
            resource.close();
          }
          MDC.remove(name);
          queue.done(key);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The key's resource in the MDC, or null when the loop does not describe its keys. */
  private ResourceMdc describe(K key) {
    try {
      ResourceIdentity identity = describe.apply(key);
      return identity == null ? null : ResourceMdc.of(identity);
    } catch (RuntimeException e) {
      LOG.debug("{} {}: cannot describe the key for the log context", name, key, e);
      return null;
    }
  }

  @Override
  public void close() {
    closing = true;
    queue.shutDown();
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
