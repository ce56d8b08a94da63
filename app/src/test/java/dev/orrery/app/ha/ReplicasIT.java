package dev.orrery.app.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.metrics.PrometheusScrape;
import dev.orrery.gitsource.webhook.WebhookVerifier;
import dev.orrery.placement.controller.Apis;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several {@code orrery serve} processes on one WDS and ITS, with the default Lease timings: the
 * GitSources are split between them by rendezvous hashing and each is reconciled by its owner only
 * (also when a webhook's {@code requestedAt} asks for it); kill -9 of the leader hands placement to
 * the other within 15 s and its GitSources too; and a leader paused past its Lease (SIGSTOP) writes
 * nothing when it wakes (SIGCONT), although the new leader placed differently meanwhile, and exits.
 */
@WithSpaces
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String NS = "ha";
  static final List<String> SOURCES = IntStream.rangeClosed(1, 6).mapToObj(i -> "s" + i).toList();
  static final ResourceDefinitionContext MANIFEST_WORKS =
      new ResourceDefinitionContext.Builder()
          .withGroup("work.open-cluster-management.io")
          .withVersion("v1")
          .withKind("ManifestWork")
          .withPlural("manifestworks")
          .withNamespaced(true)
          .build();
  static final ResourceDefinitionContext BINDINGS =
      new ResourceDefinitionContext.Builder()
          .withGroup("control.kubestellar.io")
          .withVersion("v1alpha1")
          .withKind("Binding")
          .withPlural("bindings")
          .withNamespaced(false)
          .build();

  static LocalSpaces spaces;
  static Path dir;
  static final String SECRET = "replicas-s3cret";
  static LocalGitServer git;
  static LocalGitServer.WorkClone repo;
  static String revision;
  static KubernetesClient wds;
  static KubernetesClient its;
  static ReplicaProcess a;
  static ReplicaProcess b;
  static ReplicaProcess c;
  static ReplicaProcess d;
  static ReplicaProcess survivor;

  @BeforeAll
  static void start(LocalSpaces s) throws Exception {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    dir = Path.of("target", "replicas-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    git = LocalGitServer.start(dir.resolve("git"));
    repo = git.create("fleet");
    Files.writeString(dir.resolve("webhook-secret"), SECRET);
    for (String src : SOURCES) {
      repo.write(
          src + "/cm.yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-%s, namespace: %s}\ndata: {a: b}\n"
              .formatted(src, NS));
    }
    revision = repo.commitAndPush("six sources");

    wds.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    for (String p : List.of("p1", "p2")) {
      for (String x : List.of("a", "b")) {
        wds.resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(p + "-" + x)
                    .withNamespace(NS)
                    .addToLabels("ha-policy", p)
                    .endMetadata()
                    .addToData("k", "v")
                    .build())
            .create();
      }
    }
    its.resource(
            Serialization.unmarshal(
                """
                apiVersion: cluster.open-cluster-management.io/v1
                kind: ManagedCluster
                metadata: {name: c1, labels: {env: prod}}
                spec: {hubAcceptsClient: true}
                """,
                GenericKubernetesResource.class))
        .create();
    its.resource(new NamespaceBuilder().withNewMetadata().withName("c1").endMetadata().build())
        .serverSideApply();

    Map<String, String> hooks =
        Map.of("orrery.webhook-secret-file", dir.resolve("webhook-secret").toString());
    a = ReplicaProcess.start(spaces, dir, "replica-a", hooks);
    b = ReplicaProcess.start(spaces, dir, "replica-b", hooks);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> a.readiness() != null && b.readiness() != null);
    applyPolicy("p1");
  }

  @AfterAll
  static void stop() {
    for (ReplicaProcess r : new ReplicaProcess[] {a, b, c, d}) {
      if (r != null) {
        r.close();
      }
    }
    if (git != null) {
      git.close();
    }
  }

  @Test
  @Order(1)
  void eachGitSourceIsReconciledByItsOwnerOnlyAlsoWhenAWebhookAsksAnotherReplica()
      throws Exception {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(a.readiness()).contains("replica-a", "replica-b");
              assertThat(b.readiness()).contains("replica-a", "replica-b");
            });
    for (String src : SOURCES) {
      wds.resource(
              Serialization.unmarshal(
                  """
                  apiVersion: gitops.orrery.dev/v1alpha1
                  kind: GitSource
                  metadata: {name: %s, namespace: %s}
                  spec: {url: "%s", paths: [%s], interval: 1h}
                  """
                      .formatted(src, NS, git.url("fleet"), src),
                  GenericKubernetesResource.class))
          .create();
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(SOURCES)
                    .allSatisfy(
                        src ->
                            assertThat(status(src).get("lastAppliedRevision"))
                                .isEqualTo(revision)));

    // A push announced to replica-a only: its own sources it reconciles, the others it asks
    // replica-b to reconcile through the requestedAt annotation.
    for (String src : SOURCES) {
      repo.write(
          src + "/cm.yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-%s, namespace: %s}\ndata: {a: c}\n"
              .formatted(src, NS));
    }
    String pushed = repo.commitAndPush("change all six");
    HttpResponse<String> delivery = pushWebhook(a, pushed);
    assertThat(delivery.statusCode()).as(delivery.body()).isEqualTo(200);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(SOURCES)
                    .allSatisfy(
                        src ->
                            assertThat(status(src).get("lastAppliedRevision")).isEqualTo(pushed)));
    for (String src : SOURCES) {
      String owner = Rendezvous.owner(NS + "/" + src, Set.of("replica-a", "replica-b")).get();
      assertThat(annotations(src).containsKey(GitSourceController.REQUESTED_AT))
          .as(src + " owned by " + owner)
          .isEqualTo(owner.equals("replica-b"));
      if (owner.equals("replica-b")) {
        assertThat(status(src).get("lastHandledReconcileAt"))
            .isEqualTo(annotations(src).get(GitSourceController.REQUESTED_AT));
        assertThat(status(src).get("lastWebhookTime"))
            .as(src + ": the webhook replica-a received, noted for its owner")
            .isNotNull();
      } else {
        assertThat(status(src).get("lastWebhookTime"))
            .as(src + ": the webhook its owner received")
            .isNotNull();
      }
    }

    Map<String, Double> fetchesA = fetches(a);
    Map<String, Double> fetchesB = fetches(b);
    Map<String, String> reconciledBy = new TreeMap<>();
    for (String src : SOURCES) {
      String key = NS + "/" + src;
      assertThat(fetchesA.get(key) > 0 ^ fetchesB.get(key) > 0)
          .as("%s fetched by a %s times and by b %s times", key, fetchesA, fetchesB)
          .isTrue();
      String by = fetchesA.get(key) > 0 ? "replica-a" : "replica-b";
      assertThat(by).isEqualTo(Rendezvous.owner(key, Set.of("replica-a", "replica-b")).get());
      reconciledBy.put(key, by);
    }
    assertThat(Set.copyOf(reconciledBy.values())).hasSize(2);
    System.out.println("GitSources reconciled by: " + reconciledBy);
  }

  @Test
  @Order(2)
  void killingTheLeaderHandsPlacementAndItsGitSourcesToTheOther() throws Exception {
    await().atMost(WAIT).until(() -> placed("p1-a") && placed("p1-b"));
    String leader = leaseHolder();
    ReplicaProcess killed = leader.equals(a.identity) ? a : b;
    survivor = killed == a ? b : a;
    assertThat(killed.readiness()).contains("\"role\":\"leader\"");
    assertThat(survivor.readiness()).contains("\"role\":\"standby\"");

    long killedAt = System.nanoTime();
    killed.process.destroyForcibly(); // SIGKILL
    applyPolicy("p2");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> placed("p2-a") && placed("p2-b"));
    double seconds = (System.nanoTime() - killedAt) / 1e9;
    System.out.printf(
        "leader %s killed -9 -> %s placed a new BindingPolicy after %.1f s%n",
        killed.identity, survivor.identity, seconds);
    assertThat(leaseHolder()).isEqualTo(survivor.identity);
    assertThat(seconds).isLessThanOrEqualTo(15.0);

    String asked = Instant.now().toString();
    SOURCES.forEach(src -> requestReconcile(src, asked));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(SOURCES)
                    .allSatisfy(
                        src ->
                            assertThat(status(src).get("lastHandledReconcileAt"))
                                .isEqualTo(asked)));
    Map<String, Double> survivorFetches = fetches(survivor);
    assertThat(SOURCES)
        .allSatisfy(src -> assertThat(survivorFetches.get(NS + "/" + src)).isPositive());
  }

  @Test
  @Order(3)
  void aLeaderPausedPastItsLeaseWritesNothingWhenItWakesAndExits() throws Exception {
    // The new replica labels ManifestWorks as another WDS's: to the paused one's informers they
    // vanish, so had it written after waking, it would have put its own back.
    c = ReplicaProcess.start(spaces, dir, "replica-c", Map.of("orrery.wds-name", "wds2"));
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> c.readiness() != null);
    Map<String, String> beforePause = versions(works());
    assertThat(beforePause).hasSize(2);

    survivor.signal("STOP");
    long stoppedAt = System.nanoTime();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> c.identity.equals(leaseHolder()));
    System.out.printf(
        "%s paused -> %s leads after %.1f s%n",
        survivor.identity, c.identity, (System.nanoTime() - stoppedAt) / 1e9);
    await()
        .atMost(WAIT)
        .until(
            () ->
                works().size() == 2
                    && works().stream()
                        .allMatch(
                            w ->
                                "wds2"
                                    .equals(w.getMetadata().getLabels().get(Apis.WDS_NAME_LABEL))));
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Map<String, String> before = versions(works());
              Thread.sleep(2000);
              assertThat(versions(works())).as(ReplicasIT::describeWorks).isEqualTo(before);
            });
    Map<String, String> settled = versions(works());
    Map<String, String> bindings =
        versions(wds.genericKubernetesResources(BINDINGS).list().getItems());

    survivor.signal("CONT");
    boolean exited = survivor.process.waitFor(30, TimeUnit.SECONDS);
    assertThat(exited).as(survivor::logText).isTrue();
    assertThat(survivor.process.exitValue()).isEqualTo(1);
    assertThat(survivor.logText()).contains("lost the Lease");
    long refused =
        survivor.logText().lines().filter(l -> l.contains("not the leader: refused")).count();
    System.out.printf("%s woke, refused %d write(s) and exited%n", survivor.identity, refused);

    assertThat(versions(works())).isEqualTo(settled);
    assertThat(versions(wds.genericKubernetesResources(BINDINGS).list().getItems()))
        .isEqualTo(bindings);
    assertThat(leaseHolder()).isEqualTo(c.identity);
    assertThat(c.readiness()).contains("\"role\":\"leader\"");
    assertThat(PrometheusScrape.of(c.baseUrl()).value("orrery_leader")).isEqualTo(1.0);
  }

  @Test
  @Order(4)
  void aLeaderStoppedWithSigtermReleasesTheLeaseAndAStandbyTakesOverAtOnce() throws Exception {
    d = ReplicaProcess.start(spaces, dir, "replica-d", Map.of());
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> d.readiness() != null && d.readiness().contains("replica-c"));

    long termAt = System.nanoTime();
    c.process.destroy(); // SIGTERM, as a rolling update sends
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> d.identity.equals(leaseHolder()));
    double seconds = (System.nanoTime() - termAt) / 1e9;
    System.out.printf(
        "leader %s stopped with SIGTERM -> %s leads after %.1f s%n",
        c.identity, d.identity, seconds);
    // Released, not expired: well within a lease duration (10 s).
    assertThat(seconds).isLessThan(5.0);
    assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(
            wds.leases()
                .inNamespace("orrery-system")
                .withName(ReplicaLease.leaseName("replica-c"))
                .get())
        .as("a replica deletes its own Lease on shutdown")
        .isNull();
  }

  private static void applyPolicy(String name) {
    wds.resource(
            Serialization.unmarshal(
                """
                apiVersion: control.kubestellar.io/v1alpha1
                kind: BindingPolicy
                metadata: {name: %s}
                spec:
                  clusterSelectors: [{matchLabels: {env: prod}}]
                  downsync: [{resources: [configmaps], objectSelectors: [{matchLabels: {ha-policy: %s}}]}]
                """
                    .formatted(name, name),
                GenericKubernetesResource.class))
        .serverSideApply();
  }

  /** Each ManifestWork's name, version, label and last writers (for failure messages). */
  private static String describeWorks() {
    StringBuilder out = new StringBuilder();
    for (GenericKubernetesResource w : works()) {
      out.append(w.getMetadata().getName())
          .append(" rv=")
          .append(w.getMetadata().getResourceVersion())
          .append(" wds=")
          .append(w.getMetadata().getLabels().get(Apis.WDS_NAME_LABEL))
          .append(" managers=");
      w.getMetadata()
          .getManagedFields()
          .forEach(m -> out.append(m.getManager()).append('@').append(m.getTime()).append(' '));
      out.append('\n');
    }
    return out.toString();
  }

  private static List<GenericKubernetesResource> works() {
    return its.genericKubernetesResources(MANIFEST_WORKS).inNamespace("c1").list().getItems();
  }

  private static boolean placed(String object) {
    return works().stream()
        .anyMatch(w -> Serialization.asJson(w).contains("\"name\":\"" + object + "\""));
  }

  private static Map<String, String> versions(List<GenericKubernetesResource> items) {
    return items.stream()
        .collect(
            Collectors.toMap(
                r -> r.getMetadata().getName(),
                r -> r.getMetadata().getResourceVersion(),
                (x, y) -> x,
                TreeMap::new));
  }

  private static String leaseHolder() {
    Lease l =
        wds.resources(Lease.class).inNamespace("orrery-system").withName("orrery-leader").get();
    return l == null || l.getSpec() == null ? "" : String.valueOf(l.getSpec().getHolderIdentity());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(String source) {
    GenericKubernetesResource r =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace(NS)
            .withName(source)
            .get();
    Object status = r == null ? null : r.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Map<String, String> annotations(String source) {
    Map<String, String> a =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace(NS)
            .withName(source)
            .get()
            .getMetadata()
            .getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static HttpResponse<String> pushWebhook(ReplicaProcess replica, String after)
      throws Exception {
    String body =
        """
        {"ref": "refs/heads/main", "before": "%s", "after": "%s",
         "repository": {"full_name": "dev/fleet", "clone_url": "%s", "html_url": "%s"},
         "pusher": {"name": "dev"}}
        """
            .formatted(revision, after, git.url("fleet"), git.url("fleet"));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/hooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + WebhookVerifier.signature(SECRET, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** What a webhook received by any replica does for a GitSource it does not own, by hand. */
  private static void requestReconcile(String source, String at) {
    wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
        .inNamespace(NS)
        .withName(source)
        .edit(
            r -> {
              Map<String, String> annotations = new TreeMap<>();
              if (r.getMetadata().getAnnotations() != null) {
                annotations.putAll(r.getMetadata().getAnnotations());
              }
              annotations.put(GitSourceController.REQUESTED_AT, at);
              r.getMetadata().setAnnotations(annotations);
              return r;
            });
  }

  private static Map<String, Double> fetches(ReplicaProcess replica) throws Exception {
    PrometheusScrape scrape = PrometheusScrape.of(replica.baseUrl());
    Map<String, Double> out = new TreeMap<>();
    for (String src : SOURCES) {
      String key = NS + "/" + src;
      out.put(key, scrape.value("orrery_git_fetch_duration_seconds_count", "source", key));
    }
    return out;
  }
}
