package dev.orrery.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.app.metrics.PrometheusScrape;
import dev.orrery.controller.Conditions;
import dev.orrery.gitsource.webhook.WebhookVerifier;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault 6 of issue 16 on real programs: 1,000 signed webhook deliveries in about 10 s for one
 * GitSource, while 10 revisions are pushed (one a second). Each revision is announced by 50
 * deliveries, each sent twice (a replay with the same delivery id). Every delivery gets an answer
 * (no 5xx), replays are answered as duplicates, the last revision is applied, the number of fetches
 * stays near the number of new revisions (the work queue coalesces triggers of one source), and the
 * heap does not grow with the number of deliveries.
 */
@WithSpaces
class WebhookFloodIT {
  static final String SECRET = "flood-s3cret";
  static final String NAME = "flood";
  static final int REVISIONS = 10;
  static final int DELIVERIES_PER_REVISION = 50;
  static LocalGitServer git;
  static EmbeddedServer server;
  static KubernetesClient wds;

  @BeforeAll
  static void start(LocalSpaces spaces) throws Exception {
    Path dir = Path.of("target", "webhook-flood-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    git = LocalGitServer.start(dir.resolve("git"));
    Files.writeString(Files.createDirectories(dir).resolve("webhook-secret"), SECRET);
    server =
        LocalOrrery.start(
            spaces,
            dir.resolve("cache"),
            Map.of("orrery.webhook-secret-file", dir.resolve("webhook-secret").toString()));
    wds = spaces.wds().client();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (git != null) {
      git.close();
    }
  }

  @Test
  void aThousandDeliveriesInTenSecondsFetchOncePerRevisionAndCrashNothing() throws Exception {
    LocalGitServer.WorkClone repo = git.create(NAME);
    repo.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n".formatted(NAME))
        .write("cm.yaml", configMap(0));
    String first = repo.commitAndPush("revision 0");
    wds.resource(
            Serialization.unmarshal(
                """
                apiVersion: gitops.orrery.dev/v1alpha1
                kind: GitSource
                metadata: {name: %s, namespace: default}
                spec: {url: %s, ref: {branch: main}, interval: 1h, prune: true}
                """
                    .formatted(NAME, repo.url()),
                GenericKubernetesResource.class))
        .create();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(status().get("lastAppliedRevision")).isEqualTo(first));

    long heapBefore = heapAfterGc();
    double fetchesBefore = fetches();
    Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger sameRevision = new AtomicInteger();
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    String last = first;
    Instant started = Instant.now();
    try {
      for (int r = 1; r <= REVISIONS; r++) {
        Instant second = started.plusSeconds(r - 1);
        repo.write("cm.yaml", configMap(r));
        last = repo.commitAndPush("revision " + r);
        byte[] body = pushPayload(repo.url(), last).getBytes(StandardCharsets.UTF_8);
        for (int d = 0; d < DELIVERIES_PER_REVISION; d++) {
          String delivery = UUID.randomUUID().toString();
          for (int copy = 0; copy < 2; copy++) {
            sent.add(
                CompletableFuture.runAsync(
                    () -> {
                      try {
                        HttpResponse<String> reply =
                            http.send(signed(body, delivery), HttpResponse.BodyHandlers.ofString());
                        byStatus
                            .computeIfAbsent(reply.statusCode(), k -> new AtomicInteger())
                            .incrementAndGet();
                        if (reply.body().contains("already received")) {
                          duplicates.incrementAndGet();
                        } else if (reply.body().contains("already triggered")) {
                          sameRevision.incrementAndGet();
                        }
                      } catch (Exception e) {
                        byStatus.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                      }
                    },
                    pool));
          }
        }
        Duration left = Duration.between(Instant.now(), second.plusSeconds(1));
        if (!left.isNegative()) {
          Thread.sleep(left.toMillis());
        }
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
    Duration sending = Duration.between(started, Instant.now());
    String lastRevision = last;
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(status().get("lastAppliedRevision")).isEqualTo(lastRevision);
              assertThat(Conditions.find(status().get("conditions"), "Ready"))
                  .containsEntry("status", "True");
            });
    assertThat(wds.configMaps().inNamespace(NAME).withName("cfg").get().getData())
        .containsEntry("revision", String.valueOf(REVISIONS));
    Thread.sleep(2000);
    double fetched = fetches() - fetchesBefore;
    long heapAfter = heapAfterGc();
    Map<Integer, Integer> statuses = new TreeMap<>();
    byStatus.forEach((k, v) -> statuses.put(k, v.get()));
    int total = REVISIONS * DELIVERIES_PER_REVISION * 2;
    System.out.printf(
        "FAULT webhook-flood: %d deliveries in %d ms, answers %s, %d answered as duplicates,"
            + " %d as a revision already triggered, %d new revisions, %.0f fetches, heap after GC"
            + " %d MiB before and %d MiB after%n",
        total,
        sending.toMillis(),
        statuses,
        duplicates.get(),
        sameRevision.get(),
        REVISIONS,
        fetched,
        heapBefore >> 20,
        heapAfter >> 20);
    assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
    assertThat(statuses.keySet()).as("every delivery answered, none with 5xx").containsOnly(200);
    assertThat(duplicates.get()).isEqualTo(total / 2);
    assertThat(sameRevision.get()).isEqualTo(total / 2 - REVISIONS);
    assertThat(fetched)
        .as("fetches: at most one per new revision (the work queue may coalesce even those)")
        .isBetween((double) 1, (double) REVISIONS);
    assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(64L << 20);
  }

  private static double fetches() throws Exception {
    PrometheusScrape scrape = PrometheusScrape.of(server.getURL().toString());
    String name = "orrery_git_fetch_duration_seconds_count";
    return scrape.has(name, "source", "default/" + NAME, "result", "success")
        ? scrape.value(name, "source", "default/" + NAME, "result", "success")
        : 0;
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String configMap(int revision) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg, namespace: %s}
        data: {revision: "%d"}
        """
        .formatted(NAME, revision);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status() {
    GenericKubernetesResource r =
        wds.genericKubernetesResources("gitops.orrery.dev/v1alpha1", "GitSource")
            .inNamespace("default")
            .withName(NAME)
            .get();
    Object status = r.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  private static HttpRequest signed(byte[] body, String delivery) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getPort() + "/hooks/github"))
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", "sha256=" + WebhookVerifier.signature(SECRET, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static String pushPayload(String url, String after) {
    return """
        {"ref": "refs/heads/main", "before": "0000000000000000000000000000000000000000", "after": "%s",
         "repository": {"full_name": "dev/flood", "clone_url": "%s", "html_url": "%s"},
         "pusher": {"name": "dev"}}
        """
        .formatted(after, url, url);
  }
}
