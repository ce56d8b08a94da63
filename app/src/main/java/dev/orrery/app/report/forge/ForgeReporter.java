package dev.orrery.app.report.forge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports to forges without ever holding up the caller: calls are queued on a small bounded,
 * de-duplicating queue and run on their own threads, failures are logged (token-free) and counted
 * in {@code orrery_forge_requests{forge,result}}, and nothing is thrown back. A forge outage
 * therefore never blocks applying.
 *
 * <p>A report that failed transiently (no answer, 5xx, 429) through all its retries is kept, the
 * newest per commit status or comment, and sent again once the forge answers: every {@code
 * redeliverEvery} the oldest kept report of each forge is tried, and when it gets through the
 * others of that forge follow. A newer report for the same status or comment replaces a kept one;
 * at most {@code capacity} are kept (the oldest is dropped beyond that). A commit status the forge
 * already shows (same state, description and link as its newest one for that context) is not sent
 * again, so a restarted process or a redelivery never writes the same status twice in a row.
 */
public final class ForgeReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ForgeReporter.class);
  static final String METRIC = "orrery_forge_requests";
  private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(5);

  /** How a queued report ended. */
  public enum Delivery {
    /** The forge accepted it, or already showed it. */
    DELIVERED,
    /**
     * The forge refused it or stayed unavailable through all retries; it was logged, and kept for
     * redelivery when the failure was transient.
     */
    FAILED,
    /** A newer report for the same commit status or comment replaced it before it ran. */
    SUPERSEDED,
    /** The queue was full, or the reporter closed, before it ran. */
    DROPPED
  }

  /** A report that failed transiently, kept to be sent again. */
  private record Kept(ForgeClient client, String what, Runnable call) {}

  private final MeterRegistry registry;
  private final LatestWinsDispatcher dispatcher;
  private final int capacity;
  private final Map<String, Kept> undelivered = new LinkedHashMap<>(); // guarded by itself
  private final ScheduledExecutorService redelivery =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "orrery-forge-redelivery");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  /** A reporter on two threads with room for 1000 waiting reports, redelivering every 30 s. */
  public ForgeReporter(MeterRegistry registry) {
    this(registry, 2, 1000, Duration.ofSeconds(30));
  }

  public ForgeReporter(MeterRegistry registry, int threads, int capacity) {
    this(registry, threads, capacity, Duration.ofSeconds(30));
  }

  public ForgeReporter(MeterRegistry registry, int threads, int capacity, Duration redeliverEvery) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.dispatcher = new LatestWinsDispatcher(threads, capacity, "orrery-forge");
    this.capacity = capacity;
    long every = redeliverEvery.toMillis();
    if (every < 1) {
      throw new IllegalArgumentException("redeliverEvery must be positive");
    }
    redelivery.scheduleWithFixedDelay(this::redeliver, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Queues a commit status; a newer one for the same commit and context supersedes it. It is not
   * sent when the forge already shows it as the newest status of that context.
   */
  public CompletableFuture<Delivery> setCommitStatus(
      ForgeClient client, RepoRef repo, String sha, CommitStatus status) {
    String key = key(client, repo) + "|status|" + sha + "|" + status.context();
    String what =
        "commit status '"
            + status.context()
            + "' "
            + status.state()
            + " on "
            + repo.fullPath()
            + "@"
            + sha;
    return submit(
        client,
        key,
        what,
        () -> {
          Optional<CommitStatus> current = client.currentCommitStatus(repo, sha, status.context());
          if (current.isPresent() && current.get().equals(client.asStored(status))) {
            count(client, "unchanged");
            LOG.debug("{}: {} already shown", client.kind().displayName(), what);
            return;
          }
          client.setCommitStatus(repo, sha, status);
        });
  }

  /**
   * Queues the pull-request comment; a newer body for the same pull request and marker supersedes
   * it.
   */
  public CompletableFuture<Delivery> upsertPullRequestComment(
      ForgeClient client, RepoRef repo, int number, String marker, String body) {
    String key = key(client, repo) + "|comment|" + number + "|" + marker;
    String what = "comment '" + marker + "' on " + repo.fullPath() + "#" + number;
    return submit(
        client, key, what, () -> client.upsertPullRequestComment(repo, number, marker, body));
  }

  /** How many reports wait to be sent again once their forge answers. */
  public int undelivered() {
    synchronized (undelivered) {
      return undelivered.size();
    }
  }

  private CompletableFuture<Delivery> submit(
      ForgeClient client, String key, String what, Runnable call) {
    CompletableFuture<Delivery> result;
    synchronized (undelivered) {
      undelivered.remove(key); // this newer report replaces a kept one
      result = dispatcher.submit(key, () -> run(client, key, what, call));
    }
    result.thenAccept(
        delivery -> {
          if (delivery == Delivery.DROPPED) {
            LOG.warn(
                "{}: report dropped (queue full or reporter closed): {}",
                client.kind().displayName(),
                what);
            count(client, "dropped");
          } else if (delivery == Delivery.SUPERSEDED) {
            count(client, "superseded");
          }
        });
    return result;
  }

  private Delivery run(ForgeClient client, String key, String what, Runnable call) {
    try {
      call.run();
      count(client, "success");
      LOG.debug("{}: reported {}", client.kind().displayName(), what);
      return Delivery.DELIVERED;
    } catch (ForgeException e) {
      count(client, "failure");
      boolean kept = e.retryable() && keep(key, new Kept(client, what, call));
      LOG.warn(
          "{}: could not report {}: {}{}",
          client.kind().displayName(),
          what,
          e.getMessage(),
          kept ? "; kept, to be sent again once the forge answers" : "");
      return Delivery.FAILED;
    } catch (RuntimeException e) {
      count(client, "failure");
      LOG.warn("{}: could not report {}: {}", client.kind().displayName(), what, e.toString());
      return Delivery.FAILED;
    }
  }

  /** Keeps a transiently failed report unless a newer one for the same key waits already. */
  private boolean keep(String key, Kept report) {
    Kept evicted = null;
    synchronized (undelivered) {
      if (closed || dispatcher.isWaiting(key)) {
        return false;
      }
      undelivered.put(key, report);
      if (undelivered.size() > capacity) {
        Iterator<Map.Entry<String, Kept>> oldest = undelivered.entrySet().iterator();
        evicted = oldest.next().getValue();
        oldest.remove();
      }
    }
    if (evicted != null) {
      LOG.warn(
          "{}: more than {} reports wait for their forge; dropped the oldest: {}",
          evicted.client().kind().displayName(),
          capacity,
          evicted.what());
      count(evicted.client(), "dropped");
    }
    return true;
  }

  /**
   * One redelivery pass: per forge, the oldest kept report is sent first; only when it gets through
   * are the others of that forge queued, so a forge that is still down gets one attempt per pass.
   */
  void redeliver() {
    Map<String, List<Map.Entry<String, Kept>>> byForge = new LinkedHashMap<>();
    synchronized (undelivered) {
      for (Map.Entry<String, Kept> e : undelivered.entrySet()) {
        String forge = e.getValue().client().kind().tag() + "|" + e.getValue().client().endpoint();
        byForge
            .computeIfAbsent(forge, f -> new ArrayList<>())
            .add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    for (List<Map.Entry<String, Kept>> reports : byForge.values()) {
      if (closed) {
        return;
      }
      Map.Entry<String, Kept> first = reports.get(0);
      Optional<CompletableFuture<Delivery>> probe = resend(first.getKey(), first.getValue());
      if (probe.isEmpty() || !awaitDelivered(probe.get())) {
        continue;
      }
      LOG.info(
          "{} at {} answers again: sending {} kept report(s)",
          first.getValue().client().kind().displayName(),
          first.getValue().client().endpoint(),
          reports.size());
      reports.stream().skip(1).forEach(r -> resend(r.getKey(), r.getValue()));
    }
  }

  /** Queues a kept report again, unless a newer report replaced it meanwhile. */
  private Optional<CompletableFuture<Delivery>> resend(String key, Kept report) {
    synchronized (undelivered) {
      if (closed || undelivered.get(key) != report) {
        return Optional.empty();
      }
      undelivered.remove(key);
      count(report.client(), "redelivered");
      return Optional.of(
          dispatcher.submit(key, () -> run(report.client(), key, report.what(), report.call())));
    }
  }

  private static boolean awaitDelivered(CompletableFuture<Delivery> result) {
    try {
      return result.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) == Delivery.DELIVERED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private void count(ForgeClient client, String result) {
    Counter.builder(METRIC)
        .description("Reports to Git forges (commit statuses, pull request comments) by outcome")
        .tag("forge", client.kind().tag())
        .tag("result", result)
        .register(registry)
        .increment();
  }

  private static String key(ForgeClient client, RepoRef repo) {
    return client.kind().tag() + "|" + client.endpoint() + "|" + repo.fullPath();
  }

  /** Stops the reporter: waiting and kept reports are dropped, running ones interrupted. */
  @Override
  public void close() {
    synchronized (undelivered) {
      closed = true;
      undelivered.clear();
    }
    redelivery.shutdownNow();
    dispatcher.close();
  }
}
