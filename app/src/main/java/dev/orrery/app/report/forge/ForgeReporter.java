package dev.orrery.app.report.forge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports to forges without ever holding up the caller: calls are queued on a small bounded,
 * de-duplicating queue and run on their own threads, failures are logged (token-free) and counted
 * in {@code orrery_forge_requests{forge,result}}, and nothing is thrown back. A forge outage
 * therefore never blocks applying.
 */
public final class ForgeReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ForgeReporter.class);
  static final String METRIC = "orrery_forge_requests";

  /** How a queued report ended. */
  public enum Delivery {
    /** The forge accepted it. */
    DELIVERED,
    /** The forge refused it or stayed unavailable through all retries; it was logged. */
    FAILED,
    /** A newer report for the same commit status or comment replaced it before it ran. */
    SUPERSEDED,
    /** The queue was full, or the reporter closed, before it ran. */
    DROPPED
  }

  private final MeterRegistry registry;
  private final LatestWinsDispatcher dispatcher;

  /** A reporter on two threads with room for 1000 waiting reports. */
  public ForgeReporter(MeterRegistry registry) {
    this(registry, 2, 1000);
  }

  public ForgeReporter(MeterRegistry registry, int threads, int capacity) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.dispatcher = new LatestWinsDispatcher(threads, capacity, "orrery-forge");
  }

  /** Queues a commit status; a newer one for the same commit and context supersedes it. */
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
    return submit(client, key, what, () -> client.setCommitStatus(repo, sha, status));
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

  private CompletableFuture<Delivery> submit(
      ForgeClient client, String key, String what, Runnable call) {
    CompletableFuture<Delivery> result = dispatcher.submit(key, () -> run(client, what, call));
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

  private Delivery run(ForgeClient client, String what, Runnable call) {
    try {
      call.run();
      count(client, "success");
      LOG.debug("{}: reported {}", client.kind().displayName(), what);
      return Delivery.DELIVERED;
    } catch (ForgeException e) {
      count(client, "failure");
      LOG.warn("{}: could not report {}: {}", client.kind().displayName(), what, e.getMessage());
      return Delivery.FAILED;
    } catch (RuntimeException e) {
      count(client, "failure");
      LOG.warn("{}: could not report {}: {}", client.kind().displayName(), what, e.toString());
      return Delivery.FAILED;
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

  /** Stops the reporter: waiting reports are dropped, running ones interrupted. */
  @Override
  public void close() {
    dispatcher.close();
  }
}
