package dev.orrery.app.report.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.orrery.app.report.forge.ForgeReporter.Delivery;
import dev.orrery.gitsource.webhook.Forge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForgeReporterTest {
  static final RepoRef REPO = new RepoRef("team", "apps");
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  /** A forge client that records calls, can hold them until released, and can fail them. */
  static final class RecordingForgeClient implements ForgeClient {
    final List<String> calls = new ArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch release = new CountDownLatch(0);
    volatile RuntimeException failure;

    /** What the forge shows as the newest status per context (the client records what it set). */
    final java.util.Map<String, CommitStatus> shown =
        new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Forge kind() {
      return Forge.GITEA;
    }

    @Override
    public URI endpoint() {
      return URI.create("http://127.0.0.1:3000");
    }

    @Override
    public void setCommitStatus(RepoRef repo, String sha, CommitStatus status) {
      call("status " + status.context() + " " + status.state());
      shown.put(status.context(), status);
    }

    @Override
    public java.util.Optional<CommitStatus> currentCommitStatus(
        RepoRef repo, String sha, String context) {
      if (failure != null) {
        throw failure;
      }
      return java.util.Optional.ofNullable(shown.get(context));
    }

    @Override
    public CommentAction upsertPullRequestComment(
        RepoRef repo, int number, String marker, String body) {
      call("comment #" + number + " " + marker + " " + body);
      return CommentAction.CREATED;
    }

    private void call(String what) {
      synchronized (calls) {
        calls.add(what);
      }
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
      if (failure != null) {
        throw failure;
      }
    }

    List<String> calls() {
      synchronized (calls) {
        return List.copyOf(calls);
      }
    }
  }

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final RecordingForgeClient client = new RecordingForgeClient();
  ForgeReporter reporter = new ForgeReporter(registry, 1, 2);

  @AfterEach
  void stop() {
    client.release.countDown();
    reporter.close();
  }

  @Test
  void theCallerIsNotHeldWhileTheForgeHangs() throws Exception {
    client.release = new CountDownLatch(1);

    CompletableFuture<Delivery> result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                reporter.setCommitStatus(
                    client, REPO, SHA, status("orrery/x", CommitStatus.State.SUCCESS)));

    assertThat(client.entered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(result).isNotDone();
    client.release.countDown();
    assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(Delivery.DELIVERED);
    assertThat(count("success")).isEqualTo(1.0);
  }

  @Test
  void failuresAreCountedAndLoggedNeverThrown() throws Exception {
    client.failure =
        new ForgeException(
            Forge.GITEA,
            "POST",
            "/api/v1/repos/team/apps/statuses/" + SHA,
            503,
            "Service Unavailable",
            true,
            null,
            null);
    Delivery forgeDown =
        reporter
            .setCommitStatus(client, REPO, SHA, status("orrery/x", CommitStatus.State.SUCCESS))
            .get(5, TimeUnit.SECONDS);
    client.failure = new IllegalStateException("a bug");
    Delivery bug =
        reporter.upsertPullRequestComment(client, REPO, 3, "m", "body").get(5, TimeUnit.SECONDS);

    assertThat(forgeDown).isEqualTo(Delivery.FAILED);
    assertThat(bug).isEqualTo(Delivery.FAILED);
    assertThat(count("failure")).isEqualTo(2.0);
    assertThat(count("success")).isZero();
  }

  @Test
  void aNewerReportForTheSameStatusSupersedesTheWaitingOne() throws Exception {
    client.release = new CountDownLatch(1);
    CompletableFuture<Delivery> running =
        reporter.setCommitStatus(client, REPO, SHA, status("orrery/x", CommitStatus.State.PENDING));
    assertThat(client.entered.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Delivery> stale =
        reporter.setCommitStatus(client, REPO, SHA, status("orrery/x", CommitStatus.State.FAILURE));
    CompletableFuture<Delivery> latest =
        reporter.setCommitStatus(client, REPO, SHA, status("orrery/x", CommitStatus.State.SUCCESS));
    assertThat(stale).isCompletedWithValue(Delivery.SUPERSEDED);
    client.release.countDown();

    assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo(Delivery.DELIVERED);
    assertThat(latest.get(5, TimeUnit.SECONDS)).isEqualTo(Delivery.DELIVERED);
    assertThat(client.calls())
        .containsExactly("status orrery/x PENDING", "status orrery/x SUCCESS");
    assertThat(count("superseded")).isEqualTo(1.0);
  }

  @Test
  void reportsForOtherContextsAndCommentsAreKeptApart() throws Exception {
    reporter.close();
    reporter = new ForgeReporter(registry, 1, 10);
    CompletableFuture<Delivery> a = reporter.setCommitStatus(client, REPO, SHA, ok("orrery/a"));
    CompletableFuture<Delivery> b = reporter.setCommitStatus(client, REPO, SHA, ok("orrery/b"));
    CompletableFuture<Delivery> c =
        reporter.upsertPullRequestComment(client, REPO, 3, "team-a.apps", "report");

    assertThat(
            CompletableFuture.allOf(a, b, c)
                .thenApply(v -> List.of(a.join(), b.join(), c.join()))
                .get(5, TimeUnit.SECONDS))
        .containsOnly(Delivery.DELIVERED);
    assertThat(client.calls())
        .containsExactlyInAnyOrder(
            "status orrery/a SUCCESS", "status orrery/b SUCCESS", "comment #3 team-a.apps report");
  }

  @Test
  void dropsReportsWhenTheQueueIsFull() throws Exception {
    client.release = new CountDownLatch(1);
    CompletableFuture<Delivery> running = reporter.setCommitStatus(client, REPO, SHA, ok("k0"));
    assertThat(client.entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Delivery> w1 = reporter.setCommitStatus(client, REPO, SHA, ok("k1"));
    CompletableFuture<Delivery> w2 = reporter.setCommitStatus(client, REPO, SHA, ok("k2"));

    CompletableFuture<Delivery> overflow =
        reporter.setCommitStatus(client, REPO, SHA, status("k3", CommitStatus.State.SUCCESS));

    assertThat(overflow).isCompletedWithValue(Delivery.DROPPED);
    assertThat(count("dropped")).isEqualTo(1.0);
    client.release.countDown();
    assertThat(
            List.of(
                running.get(5, TimeUnit.SECONDS),
                w1.get(5, TimeUnit.SECONDS),
                w2.get(5, TimeUnit.SECONDS)))
        .containsOnly(Delivery.DELIVERED);
  }

  @Test
  void closingDropsWaitingReportsAndRefusesNewOnes() throws Exception {
    client.release = new CountDownLatch(1);
    reporter.setCommitStatus(client, REPO, SHA, status("k0", CommitStatus.State.SUCCESS));
    assertThat(client.entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Delivery> waiting =
        reporter.setCommitStatus(client, REPO, SHA, status("k1", CommitStatus.State.SUCCESS));

    reporter.close();

    assertThat(waiting).isCompletedWithValue(Delivery.DROPPED);
    assertThat(reporter.upsertPullRequestComment(client, REPO, 1, "m", "b"))
        .isCompletedWithValue(Delivery.DROPPED);
    assertThat(client.calls()).containsExactly("status k0 SUCCESS");
  }

  @Test
  void aStatusThatFailedTransientlyIsSentAgainOnceTheForgeAnswers() throws Exception {
    reporter.close();
    reporter = new ForgeReporter(registry, 1, 10, Duration.ofHours(1));
    client.failure = unavailable();
    assertThat(reporter.setCommitStatus(client, REPO, SHA, ok("orrery/a")).get(5, TimeUnit.SECONDS))
        .isEqualTo(Delivery.FAILED);
    assertThat(reporter.undelivered()).isEqualTo(1);

    reporter.redeliver(); // still down: one attempt, kept
    assertThat(reporter.undelivered()).isEqualTo(1);
    assertThat(client.calls()).isEmpty(); // the read of the current status failed first

    client.failure = null;
    reporter.redeliver();
    awaitUndelivered(0);
    assertThat(client.calls()).containsExactly("status orrery/a SUCCESS");

    reporter.redeliver(); // nothing is sent twice
    assertThat(client.calls()).containsExactly("status orrery/a SUCCESS");
  }

  @Test
  void whenTheFirstKeptReportGetsThroughTheOthersOfThatForgeFollow() throws Exception {
    reporter.close();
    reporter = new ForgeReporter(registry, 1, 10, Duration.ofHours(1));
    client.failure = unavailable();
    for (String context : List.of("orrery/a", "orrery/b", "orrery/c")) {
      reporter.setCommitStatus(client, REPO, SHA, ok(context)).get(5, TimeUnit.SECONDS);
    }
    reporter.upsertPullRequestComment(client, REPO, 3, "m", "body").get(5, TimeUnit.SECONDS);
    assertThat(reporter.undelivered()).isEqualTo(4);

    client.failure = null;
    reporter.redeliver();

    awaitUndelivered(0);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(client.calls())
                    .containsExactlyInAnyOrder(
                        "status orrery/a SUCCESS",
                        "status orrery/b SUCCESS",
                        "status orrery/c SUCCESS",
                        "comment #3 m body", // the attempt that failed
                        "comment #3 m body"));
  }

  @Test
  void aNewerReportReplacesAKeptOneAndARefusalIsNotKept() throws Exception {
    reporter.close();
    reporter = new ForgeReporter(registry, 1, 10, Duration.ofHours(1));
    client.failure = unavailable();
    reporter
        .setCommitStatus(client, REPO, SHA, status("orrery/a", CommitStatus.State.PENDING))
        .get(5, TimeUnit.SECONDS);
    assertThat(reporter.undelivered()).isEqualTo(1);

    client.failure = null;
    assertThat(reporter.setCommitStatus(client, REPO, SHA, ok("orrery/a")).get(5, TimeUnit.SECONDS))
        .isEqualTo(Delivery.DELIVERED);
    assertThat(reporter.undelivered()).isZero();
    reporter.redeliver();
    assertThat(client.calls()).containsExactly("status orrery/a SUCCESS");

    client.failure =
        new ForgeException(Forge.GITEA, "POST", "/x", 422, "invalid", false, null, null);
    reporter.setCommitStatus(client, REPO, SHA, ok("orrery/b")).get(5, TimeUnit.SECONDS);
    assertThat(reporter.undelivered()).as("a refusal is final").isZero();
  }

  @Test
  void aStatusTheForgeAlreadyShowsIsNotSentAgain() throws Exception {
    client.shown.put("orrery/a", ok("orrery/a"));

    assertThat(reporter.setCommitStatus(client, REPO, SHA, ok("orrery/a")).get(5, TimeUnit.SECONDS))
        .isEqualTo(Delivery.DELIVERED);
    assertThat(
            reporter
                .setCommitStatus(client, REPO, SHA, status("orrery/a", CommitStatus.State.FAILURE))
                .get(5, TimeUnit.SECONDS))
        .isEqualTo(Delivery.DELIVERED);

    assertThat(client.calls()).containsExactly("status orrery/a FAILURE");
    assertThat(count("unchanged")).isEqualTo(1.0);
  }

  @Test
  void atMostCapacityReportsAreKeptTheOldestDroppedFirst() throws Exception {
    reporter.close();
    reporter = new ForgeReporter(registry, 1, 2, Duration.ofHours(1));
    client.failure = unavailable();
    for (String context : List.of("orrery/a", "orrery/b", "orrery/c")) {
      reporter.setCommitStatus(client, REPO, SHA, ok(context)).get(5, TimeUnit.SECONDS);
    }
    assertThat(reporter.undelivered()).isEqualTo(2);
    assertThat(count("dropped")).isEqualTo(1.0);

    client.failure = null;
    reporter.redeliver();
    awaitUndelivered(0);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(client.calls())
                    .containsExactlyInAnyOrder(
                        "status orrery/b SUCCESS", "status orrery/c SUCCESS"));
  }

  private void awaitUndelivered(int expected) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> reporter.undelivered() == expected);
  }

  private static ForgeException unavailable() {
    return new ForgeException(
        Forge.GITEA,
        "POST",
        "/api/v1/repos/team/apps/statuses/" + SHA,
        0,
        "connection refused",
        true,
        null,
        null);
  }

  private double count(String result) {
    var counter =
        registry.find(ForgeReporter.METRIC).tag("forge", "gitea").tag("result", result).counter();
    return counter == null ? 0.0 : counter.count();
  }

  private static CommitStatus ok(String context) {
    return status(context, CommitStatus.State.SUCCESS);
  }

  private static CommitStatus status(String context, CommitStatus.State state) {
    return new CommitStatus(state, context, null, null);
  }
}
