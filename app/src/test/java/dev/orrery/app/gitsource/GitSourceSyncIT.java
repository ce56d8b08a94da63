package dev.orrery.app.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.app.metrics.PrometheusScrape;
import dev.orrery.controller.Conditions;
import dev.orrery.gitsource.webhook.WebhookVerifier;
import dev.orrery.placement.controller.PlacementService;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitOps core end to end on real programs: a repository served by {@code git daemon} and pushed
 * to with the git command line, Orrery's service with its webhook endpoint, and a real WDS.
 *
 * <p>The Git server, the spaces and the service are shared by the class; nothing a test looks at
 * is: each test pushes its own repository to its own GitSource applying into its own namespace
 * ({@link #seed}), so tests pass alone and in any order.
 */
@WithSpaces
class GitSourceSyncIT {
  static final String SECRET = "webhook-s3cret";
  static LocalGitServer git;
  static ApplicationContext app;
  static EmbeddedServer server;
  static KubernetesClient wds;
  static KubernetesClient its;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(LocalSpaces spaces) throws Exception {
    Path dir = Path.of("target", "git-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    git = LocalGitServer.start(dir.resolve("git"));
    Files.writeString(Files.createDirectories(dir).resolve("webhook-secret"), SECRET);
    server =
        LocalOrrery.start(
            spaces,
            dir.resolve("cache"),
            Map.of("orrery.webhook-secret-file", dir.resolve("webhook-secret").toString()));
    app = server.getApplicationContext();
    wds = spaces.wds().client();
    its = spaces.its().client();
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
  void initialSyncAppliesPlainManifestsAndAHelmChart() throws Exception {
    Fleet fleet = seed("initial");
    ConfigMap frontend = wds.configMaps().inNamespace("initial").withName("frontend").get();
    assertThat(frontend.getData()).containsEntry("color", "blue");
    assertThat(frontend.getMetadata().getLabels())
        .containsEntry("gitops.orrery.dev/source", "default.initial");
    assertThat(frontend.getMetadata().getAnnotations())
        .containsEntry("gitops.orrery.dev/path", "apps/config.yaml")
        .containsEntry("gitops.orrery.dev/revision", fleet.initial());
    assertThat(frontend.getMetadata().getManagedFields())
        .extracting(f -> f.getManager())
        .contains("orrery");
    assertThat(wds.configMaps().inNamespace("initial").withName("hello-greeting").get().getData())
        .containsEntry("greeting", "bonjour");
    assertThat(
            wds.secrets()
                .inNamespace("initial")
                .withName("sh.helm.release.v1.hello.v1")
                .get()
                .getMetadata()
                .getLabels())
        .as("Helm's release record of chart greeter")
        .containsEntry("owner", "helm")
        .containsEntry("name", "hello")
        .containsEntry("status", "deployed")
        .containsEntry("gitops.orrery.dev/source", "default.initial");
  }

  @Test
  void aWebhookPushOfAOneFileChangeAppliesOnlyThatObject() throws Exception {
    Fleet fleet = seed("webhook");
    String ns = fleet.name();
    LocalGitServer.WorkClone repo = fleet.repo();
    String backendVersion = rv(ns, "backend");
    String extraVersion = rv(ns, "extra");
    String greetingVersion = rv(ns, "hello-greeting");
    repo.write(
        "apps/extra.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: extra
          namespace: webhook
        data:
          added: "yes"
        """);
    String revision = repo.commitAndPush("change extra");
    HttpResponse<String> reply = webhook(fleet, revision, UUID.randomUUID().toString(), SECRET);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).contains("default/webhook");

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(wds.configMaps().inNamespace(ns).withName("extra").get().getData())
                    .containsEntry("added", "yes"));
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(status(ns).get("lastAppliedRevision")).isEqualTo(revision));
    assertThat(status(ns).get("appliedCount")).isEqualTo(1);
    assertThat(rv(ns, "backend")).as("unchanged objects are not written").isEqualTo(backendVersion);
    assertThat(rv(ns, "hello-greeting")).isEqualTo(greetingVersion);
    assertThat(rv(ns, "extra")).isNotEqualTo(extraVersion);

    // The same through GitLab's push hook (X-Gitlab-Token) and Gitea's (X-Gitea-Signature), over
    // HTTP.
    repo.write(
        "apps/extra.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: webhook}\ndata: {added: gitlab}\n");
    String viaGitLab = repo.commitAndPush("change extra, announced by GitLab");
    byte[] gitlab =
        """
        {"object_kind": "push", "ref": "refs/heads/main", "before": "%s", "after": "%s",
         "project": {"path_with_namespace": "dev/webhook", "git_http_url": "%s", "web_url": "%s"},
         "repository": {"git_http_url": "%s"}}
        """
            .formatted(revision, viaGitLab, repo.url(), repo.url(), repo.url())
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> gitlabReply =
        http.send(
            HttpRequest.newBuilder(hooks("gitlab"))
                .header("Content-Type", "application/json")
                .header("X-Gitlab-Event", "Push Hook")
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .header("X-Gitlab-Token", SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gitlab))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(gitlabReply.statusCode()).as(gitlabReply.body()).isEqualTo(200);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(wds.configMaps().inNamespace(ns).withName("extra").get().getData())
                    .containsEntry("added", "gitlab"));

    repo.write(
        "apps/extra.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: webhook}\ndata: {added: gitea}\n");
    String viaGitea = repo.commitAndPush("change extra, announced by Gitea");
    byte[] gitea = pushPayload(repo.url(), viaGitea).getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> giteaReply =
        http.send(
            HttpRequest.newBuilder(hooks("gitea"))
                .header("Content-Type", "application/json")
                .header("X-Gitea-Event", "push")
                .header("X-Gitea-Delivery", UUID.randomUUID().toString())
                .header("X-Gitea-Signature", WebhookVerifier.signature(SECRET, gitea))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gitea))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(giteaReply.statusCode()).as(giteaReply.body()).isEqualTo(200);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(wds.configMaps().inNamespace(ns).withName("extra").get().getData())
                    .containsEntry("added", "gitea"));
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(status(ns).get("lastAppliedRevision")).isEqualTo(viaGitea));
  }

  @Test
  void webhooksWithBadSignaturesRepeatsOrUnknownRepositoriesDoNothing() throws Exception {
    Fleet fleet = seed("signatures");
    String before = rv("signatures", "extra");
    sendDeliveriesThatChangeNothing(fleet);
    assertThat(rv("signatures", "extra")).isEqualTo(before);
    assertThat(status("signatures").get("lastAppliedRevision")).isEqualTo(fleet.initial());
  }

  @Test
  void aBrokenFileIsReportedWithPathAndLineAndTheLastGoodRevisionStaysApplied() throws Exception {
    Fleet fleet = seed("broken");
    pushBrokenConfigDeletingExtra(fleet);
    assertThat(status("broken").get("lastAppliedRevision")).isEqualTo(fleet.initial());
    assertThat(wds.configMaps().inNamespace("broken").withName("extra").get())
        .as("nothing is pruned while the revision is broken")
        .isNotNull();
  }

  @Test
  void aDeletedFilePrunesItsObjectOnceTheRevisionIsGood() throws Exception {
    Fleet fleet = seed("pruned");
    pushBrokenConfigDeletingExtra(fleet);
    fleet
        .repo()
        .write(
            "apps/config.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: frontend
              namespace: pruned
            data:
              color: red
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: backend
              namespace: pruned
            data:
              color: green
            """);
    String fixed = fleet.repo().commitAndPush("fix config");
    assertThat(webhook(fleet, fixed, UUID.randomUUID().toString(), SECRET).statusCode())
        .isEqualTo(200);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(status("pruned").get("lastAppliedRevision")).isEqualTo(fixed);
              assertThat(wds.configMaps().inNamespace("pruned").withName("extra").get()).isNull();
            });
    assertThat(wds.configMaps().inNamespace("pruned").withName("frontend").get().getData())
        .containsEntry("color", "red");
    assertThat(status("pruned").get("prunedCount")).isEqualTo(1);
    assertThat(condition(status("pruned"), "Ready")).containsEntry("status", "True");
  }

  @Test
  void aFieldOwnedByAnotherManagerIsReportedNamingThatManagerUnlessForced() throws Exception {
    Fleet fleet = seed("conflict");
    ConfigMap theirs =
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .withNewMetadata()
            .withName("backend")
            .withNamespace("conflict")
            .endMetadata()
            .addToData("color", "purple")
            .build();
    wds.configMaps()
        .inNamespace("conflict")
        .resource(theirs)
        .fieldManager("kubectl-edit")
        .forceConflicts()
        .serverSideApply();
    fleet
        .repo()
        .write(
            "apps/config.yaml",
            Files.readString(fleet.repo().dir().resolve("apps/config.yaml"))
                .replace("green", "yellow"));
    String revision = fleet.repo().commitAndPush("recolor backend");
    webhook(fleet, revision, UUID.randomUUID().toString(), SECRET);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status("conflict");
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "ApplyFailed");
              assertThat(condition(status, "Ready").get("message").toString())
                  .contains("kubectl-edit");
            });

    editSpec("conflict", spec -> spec.put("force", true));
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      wds.configMaps().inNamespace("conflict").withName("backend").get().getData())
                  .containsEntry("color", "yellow");
              assertThat(condition(status("conflict"), "Ready")).containsEntry("status", "True");
            });
  }

  @Test
  void driftIsCorrectedOnTheIntervalAndCounted() throws Exception {
    seed("drift");
    correctDrift("drift");
  }

  @Test
  void aSourceAppliesAsItsServiceAccountAndARevisionItMayNotApplyInFullIsRefusedWhole()
      throws Exception {
    createNamespace("limited");
    wds.resource(
            Serialization.unmarshal(
                """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: shop-deployer, namespace: default}
        """,
                io.fabric8.kubernetes.api.model.ServiceAccount.class))
        .create();
    wds.resource(
            Serialization.unmarshal(
                """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: configmaps, namespace: limited}
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, list, watch, create, update, patch, delete]
        """,
                io.fabric8.kubernetes.api.model.rbac.Role.class))
        .create();
    wds.resource(
            Serialization.unmarshal(
                """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: shop-deployer, namespace: limited}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmaps}
        subjects:
        - {kind: ServiceAccount, name: shop-deployer, namespace: default}
        """,
                io.fabric8.kubernetes.api.model.rbac.RoleBinding.class))
        .create();
    LocalGitServer.WorkClone limited = git.create("limited");
    limited
        .write(
            "allowed.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: allowed, namespace: limited}
            data: {ok: "yes"}
            """)
        .write(
            "forbidden.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: forbidden, namespace: kube-public}
            data: {ok: "no"}
            """);
    limited.commitAndPush("one allowed, one forbidden");
    wds.resource(
            Serialization.unmarshal(
                """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata: {name: limited, namespace: default}
        spec: {url: %s, interval: 1h, serviceAccountName: shop-deployer}
        """
                    .formatted(limited.url()),
                GenericKubernetesResource.class))
        .create();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              GenericKubernetesResource source =
                  wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
                      .inNamespace("default")
                      .withName("limited")
                      .get();
              @SuppressWarnings("unchecked")
              Map<String, Object> status =
                  (Map<String, Object>) source.getAdditionalProperties().get("status");
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "Forbidden");
              assertThat(status.get("errors").toString())
                  .contains("forbidden.yaml:1")
                  .contains("kube-public")
                  .contains("service account default/shop-deployer");
            });
    // The revision is refused as a whole (dry run first): nothing of it is applied.
    assertThat(wds.configMaps().inNamespace("limited").withName("allowed").get()).isNull();
    assertThat(wds.configMaps().inNamespace("kube-public").withName("forbidden").get()).isNull();
  }

  @Test
  void aRevisionDeletingMostObjectsIsHeldWithAWarningUntilConfirmed() throws Exception {
    Fleet fleet = seed("held");
    fleet
        .repo()
        .delete("apps/config.yaml")
        .delete("charts/greeter/Chart.yaml")
        .delete("charts/greeter/values.yaml")
        .delete("charts/greeter/orrery.yaml")
        .delete("charts/greeter/templates/cm.yaml");
    String revision = fleet.repo().commitAndPush("remove most objects");
    webhook(fleet, revision, UUID.randomUUID().toString(), SECRET);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status("held");
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "DeletionHeld");
              assertThat(condition(status, "Ready").get("message").toString())
                  .as(
                      "frontend, backend, hello-greeting and release hello's record of namespace,"
                          + " extra and those four")
                  .contains("4 of 6", "confirm-deletions=" + revision);
              assertThat(wds.v1().events().inNamespace("default").list().getItems())
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("DeletionHeld");
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("held");
                      });
            });
    assertThat(wds.configMaps().inNamespace("held").withName("frontend").get())
        .as("held, not deleted")
        .isNotNull();

    GenericKubernetesResource source =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName("held")
            .get();
    Map<String, String> annotations =
        source.getMetadata().getAnnotations() == null
            ? new java.util.HashMap<>()
            : new java.util.HashMap<>(source.getMetadata().getAnnotations());
    annotations.put(GitSourceReconciler.CONFIRM_DELETIONS_ANNOTATION, revision);
    source.getMetadata().setAnnotations(annotations);
    wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
        .inNamespace("default")
        .resource(source)
        .update();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(wds.configMaps().inNamespace("held").withName("frontend").get()).isNull();
              assertThat(wds.configMaps().inNamespace("held").withName("hello-greeting").get())
                  .isNull();
              assertThat(condition(status("held"), "Ready")).containsEntry("status", "True");
            });
  }

  /**
   * The counters are the service's since it started, shared by every test: this one reads how much
   * its own deliveries, sync, prune and drift correction added.
   */
  @Test
  void metricsCountWebhooksByResultTheSyncAndWhatAPolicyPlaces() throws Exception {
    Fleet fleet = seed("metrics");
    PrometheusScrape before = PrometheusScrape.of(server.getURL().toString());
    sendDeliveriesThatChangeNothing(fleet);
    fleet.repo().delete("apps/extra.yaml");
    String withoutExtra = fleet.repo().commitAndPush("remove extra");
    assertThat(webhook(fleet, withoutExtra, UUID.randomUUID().toString(), SECRET).statusCode())
        .isEqualTo(200);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(status("metrics").get("lastAppliedRevision")).isEqualTo(withoutExtra));
    correctDrift("metrics");
    wds.resource(
            Serialization.unmarshal(
                """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata:
          name: fleet-objects
        spec:
          clusterSelectors:
          - matchLabels: {name: no-such-cluster}
          downsync:
          - objectSelectors:
            - matchLabels: {gitops.orrery.dev/source: default.metrics}
        """,
                GenericKubernetesResource.class))
        .create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              PrometheusScrape metrics = PrometheusScrape.of(server.getURL().toString());
              assertThat(metrics.value("orrery_policy_objects", "policy", "fleet-objects"))
                  .as("at least namespace metrics")
                  .isPositive();
              assertThat(metrics.has("orrery_policy_clusters", "policy", "fleet-objects")).isTrue();
            });
    PrometheusScrape after = PrometheusScrape.of(server.getURL().toString());
    String webhooks = "orrery_webhook_deliveries_total";
    for (Map.Entry<String, Integer> result :
        Map.of(
                "triggered", 2,
                "unauthorized", 2,
                "duplicate", 1,
                "unknown_repository", 1,
                "too_large", 1)
            .entrySet()) {
      String[] labels = {"forge", "github", "result", result.getKey()};
      assertThat(after.value(webhooks, labels) - before.value(webhooks, labels))
          .as(result.getKey())
          .isEqualTo(result.getValue().doubleValue());
    }
    assertThat(metrics(after, "orrery_applies_total")).isPositive();
    assertThat(metrics(after, "orrery_prunes_total")).isPositive();
    assertThat(metrics(after, "orrery_drift_corrections_total")).isPositive();
    assertThat(
            after.value(
                "orrery_git_fetch_duration_seconds_count",
                "source",
                "default/metrics",
                "result",
                "success"))
        .isPositive();
  }

  @Test
  void aRevisionDeletingABindingPolicyIsHeldForItsPlacementsUntilConfirmed() throws Exception {
    createNamespace("placed");
    its.resource(
            Serialization.unmarshal(
                """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: edge1, labels: {location-group: edge}}
        spec: {hubAcceptsClient: true}
        """,
                GenericKubernetesResource.class))
        .create();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                app.getBean(PlacementService.class).inventory().stream()
                    .anyMatch(c -> c.name().equals("edge1")));
    LocalGitServer.WorkClone placed = git.create("placed");
    placed
        .write(
            "apps/config.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: placed-a, namespace: placed, labels: {app: placed}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: placed-b, namespace: placed, labels: {app: placed}}
            """)
        .write(
            "policies/edge.yaml",
            """
            apiVersion: control.kubestellar.io/v1alpha1
            kind: BindingPolicy
            metadata: {name: placed-edge}
            spec:
              clusterSelectors:
              - matchLabels: {location-group: edge}
              downsync:
              - objectSelectors:
                - matchLabels: {app: placed}
            """);
    String first = placed.commitAndPush("two objects and the policy placing them");
    wds.resource(
            Serialization.unmarshal(
                """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata: {name: placed, namespace: default}
        spec: {url: %s, interval: 1h, prune: true}
        """
                    .formatted(placed.url()),
                GenericKubernetesResource.class))
        .create();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(status("placed").get("lastAppliedRevision")).isEqualTo(first));

    placed.delete("policies/edge.yaml");
    String revision =
        placed.commitAndPush("remove the policy: 1 of 3 objects, but 2 of 2 placements");
    http.send(
        signed(pushPayload(placed.url(), revision), UUID.randomUUID().toString(), SECRET),
        HttpResponse.BodyHandlers.ofString());
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status("placed");
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "DeletionHeld");
              assertThat(condition(status, "Ready").get("message").toString())
                  .contains(
                      "2 of 2 placements",
                      "limit 50%",
                      "on edge1",
                      "confirm-deletions=" + revision);
              assertThat(status.get("lastAppliedRevision")).isEqualTo(first);
              assertThat(wds.v1().events().inNamespace("default").list().getItems())
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("DeletionHeld");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("placed");
                        assertThat(e.getMessage()).contains("2 of 2 placements");
                      });
            });
    GenericKubernetesResource policy =
        wds.genericKubernetesResources("control.kubestellar.io/v1alpha1", "BindingPolicy")
            .withName("placed-edge")
            .get();
    assertThat(policy).as("held: the WDS policy stays").isNotNull();

    GenericKubernetesResource source =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName("placed")
            .get();
    source
        .getMetadata()
        .setAnnotations(Map.of(GitSourceReconciler.CONFIRM_DELETIONS_ANNOTATION, revision));
    wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
        .inNamespace("default")
        .resource(source)
        .update();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      wds.genericKubernetesResources(
                              "control.kubestellar.io/v1alpha1", "BindingPolicy")
                          .withName("placed-edge")
                          .get())
                  .isNull();
              assertThat(status("placed").get("lastAppliedRevision")).isEqualTo(revision);
              assertThat(condition(status("placed"), "Ready")).containsEntry("status", "True");
            });
  }

  /**
   * One test's own repository and GitSource {@code default/<name>}, applying into namespace {@code
   * <name>}.
   */
  record Fleet(String name, LocalGitServer.WorkClone repo, String initial) {}

  /**
   * Pushes to repository {@code name}: namespace {@code name}, ConfigMaps frontend (blue), backend
   * (green) and extra in it, and chart greeter (release hello, greeting bonjour); creates GitSource
   * {@code default/name} for it (prune on, interval 1h) and returns once that revision is applied.
   */
  private static Fleet seed(String name) throws Exception {
    LocalGitServer.WorkClone repo = git.create(name);
    repo.write(
            "apps/namespace.yaml",
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: %s
            """
                .formatted(name))
        .write(
            "apps/config.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: frontend
              namespace: %s
            data:
              color: blue
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: backend
              namespace: %s
            data:
              color: green
            """
                .formatted(name, name))
        .write(
            "apps/extra.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: extra
              namespace: %s
            data: {}
            """
                .formatted(name))
        .write(
            "charts/greeter/Chart.yaml",
            """
            apiVersion: v2
            name: greeter
            version: 0.1.0
            """)
        .write("charts/greeter/values.yaml", "greeting: hello\n")
        .write(
            "charts/greeter/orrery.yaml",
            """
            releaseName: hello
            namespace: %s
            values:
              greeting: bonjour
            """
                .formatted(name))
        .write(
            "charts/greeter/templates/cm.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-greeting
              namespace: {{ .Release.Namespace }}
            data:
              greeting: {{ .Values.greeting | quote }}
            """);
    String initial = repo.commitAndPush("initial");
    wds.resource(gitSource(name, repo.url())).create();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status(name);
              assertThat(status.get("lastAppliedRevision")).isEqualTo(initial);
              assertThat(condition(status, "Ready")).containsEntry("status", "True");
            });
    return new Fleet(name, repo, initial);
  }

  /**
   * Pushes a revision whose apps/config.yaml does not parse and which deletes apps/extra.yaml;
   * returns once the GitSource reports it (RenderFailed, with the file and line).
   */
  private static void pushBrokenConfigDeletingExtra(Fleet fleet) throws Exception {
    fleet
        .repo()
        .write(
            "apps/config.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: frontend
              namespace: %s
            data:
              color: [unclosed
            """
                .formatted(fleet.name()))
        .delete("apps/extra.yaml");
    String broken = fleet.repo().commitAndPush("break config");
    assertThat(webhook(fleet, broken, UUID.randomUUID().toString(), SECRET).statusCode())
        .isEqualTo(200);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status(fleet.name());
              assertThat(status.get("lastFetchedRevision")).isEqualTo(broken);
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "RenderFailed");
              assertThat((List<?>) status.get("errors"))
                  .anySatisfy(e -> assertThat(e.toString()).startsWith("apps/config.yaml:"));
            });
  }

  /**
   * Deliveries for {@code fleet}'s applied revision that must change nothing, each answer checked:
   * a wrong signature and an unsigned one (401), a signed one (200) and its repeat ("already
   * received"), one for an unknown repository (202) and one too large (413).
   */
  private static void sendDeliveriesThatChangeNothing(Fleet fleet) throws Exception {
    String revision = fleet.initial();
    assertThat(webhook(fleet, revision, UUID.randomUUID().toString(), "wrong-secret").statusCode())
        .isEqualTo(401);
    HttpResponse<String> unsigned =
        http.send(
            HttpRequest.newBuilder(hooks())
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", "x")
                .POST(
                    HttpRequest.BodyPublishers.ofString(pushPayload(fleet.repo().url(), revision)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(401);

    String delivery = UUID.randomUUID().toString();
    assertThat(webhook(fleet, revision, delivery, SECRET).statusCode()).isEqualTo(200);
    HttpResponse<String> repeat = webhook(fleet, revision, delivery, SECRET);
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(repeat.body()).contains("already received");

    String unknown = pushPayload("git://127.0.0.1:1/nobody/else.git", revision);
    HttpResponse<String> other =
        http.send(
            signed(unknown, UUID.randomUUID().toString(), SECRET),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(202);

    byte[] huge = new byte[10 * 1024 * 1024 + 1];
    HttpResponse<String> tooBig =
        http.send(
            HttpRequest.newBuilder(hooks())
                .header("X-GitHub-Event", "push")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tooBig.statusCode()).isEqualTo(413);
  }

  /**
   * Sets GitSource {@code name}'s interval to 2 s, deletes its ConfigMap frontend, and returns once
   * the source has put it back and counted the correction.
   */
  private static void correctDrift(String name) throws Exception {
    editSpec(name, spec -> spec.put("interval", "2s"));
    long before = ((Number) status(name).getOrDefault("driftCorrections", 0)).longValue();
    wds.configMaps().inNamespace(name).withName("frontend").delete();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(wds.configMaps().inNamespace(name).withName("frontend").get()).isNotNull();
              assertThat(((Number) status(name).get("driftCorrections")).longValue())
                  .isGreaterThan(before);
            });
  }

  @SuppressWarnings("unchecked")
  private static void editSpec(String name, java.util.function.Consumer<Map<String, Object>> edit) {
    GenericKubernetesResource source =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName(name)
            .get();
    edit.accept((Map<String, Object>) source.getAdditionalProperties().get("spec"));
    wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
        .inNamespace("default")
        .resource(source)
        .update();
  }

  private static void createNamespace(String name) {
    wds.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static double metrics(PrometheusScrape scrape, String name) {
    return scrape.value(name, "source", "default/metrics");
  }

  private static GenericKubernetesResource gitSource(String name, String url) {
    return Serialization.unmarshal(
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata:
          name: %s
          namespace: default
        spec:
          url: %s
          ref: {branch: main}
          interval: 1h
          prune: true
        """
            .formatted(name, url),
        GenericKubernetesResource.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(String name) {
    GenericKubernetesResource r =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName(name)
            .get();
    Object status = r.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    Map<String, Object> c = Conditions.find(status.get("conditions"), type);
    return c == null ? Map.of() : c;
  }

  private static String rv(String namespace, String configMap) {
    return wds.configMaps()
        .inNamespace(namespace)
        .withName(configMap)
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private static URI hooks() {
    return hooks("github");
  }

  private static URI hooks(String forge) {
    return URI.create("http://127.0.0.1:" + server.getPort() + "/hooks/" + forge);
  }

  private static HttpResponse<String> webhook(
      Fleet fleet, String after, String delivery, String secret) throws Exception {
    return http.send(
        signed(pushPayload(fleet.repo().url(), after), delivery, secret),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest signed(String body, String delivery, String secret) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(hooks())
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", "sha256=" + WebhookVerifier.signature(secret, bytes))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }

  static String pushPayload(String url, String after) {
    return """
        {"ref": "refs/heads/main", "before": "0000000000000000000000000000000000000000", "after": "%s",
         "repository": {"full_name": "dev/fleet", "clone_url": "%s", "html_url": "%s"},
         "pusher": {"name": "dev"}}
        """
        .formatted(after, url, url);
  }
}
