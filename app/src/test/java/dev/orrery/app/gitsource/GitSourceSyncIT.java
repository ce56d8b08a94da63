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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The GitOps core end to end on real programs: a repository served by {@code git daemon} and pushed
 * to with the git command line, Orrery's service with its webhook endpoint, and a real WDS.
 */
@WithSpaces
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitSourceSyncIT {
  static final String SECRET = "webhook-s3cret";
  static LocalGitServer git;
  static LocalGitServer.WorkClone repo;
  static ApplicationContext app;
  static EmbeddedServer server;
  static KubernetesClient wds;
  static KubernetesClient its;
  static String lastGoodRevision;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(LocalSpaces spaces) throws Exception {
    Path dir = Path.of("target", "git-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    git = LocalGitServer.start(dir.resolve("git"));
    repo = git.create("fleet");
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
  @Order(1)
  void initialSyncAppliesPlainManifestsAndAHelmChart() throws Exception {
    repo.write(
            "apps/namespace.yaml",
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            """)
        .write(
            "apps/config.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: frontend
              namespace: shop
            data:
              color: blue
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: backend
              namespace: shop
            data:
              color: green
            """)
        .write(
            "apps/extra.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: extra
              namespace: shop
            data: {}
            """)
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
            namespace: shop
            values:
              greeting: bonjour
            """)
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
    lastGoodRevision = repo.commitAndPush("initial");
    wds.resource(gitSource()).create();

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status();
              assertThat(status.get("lastAppliedRevision")).isEqualTo(lastGoodRevision);
              assertThat(condition(status, "Ready")).containsEntry("status", "True");
            });
    ConfigMap frontend = wds.configMaps().inNamespace("shop").withName("frontend").get();
    assertThat(frontend.getData()).containsEntry("color", "blue");
    assertThat(frontend.getMetadata().getLabels())
        .containsEntry("gitops.orrery.dev/source", "default.fleet");
    assertThat(frontend.getMetadata().getAnnotations())
        .containsEntry("gitops.orrery.dev/path", "apps/config.yaml")
        .containsEntry("gitops.orrery.dev/revision", lastGoodRevision);
    assertThat(frontend.getMetadata().getManagedFields())
        .extracting(f -> f.getManager())
        .contains("orrery");
    assertThat(wds.configMaps().inNamespace("shop").withName("hello-greeting").get().getData())
        .containsEntry("greeting", "bonjour");
  }

  @Test
  @Order(2)
  void aWebhookPushOfAOneFileChangeAppliesOnlyThatObject() throws Exception {
    String backendVersion = rv("backend");
    String extraVersion = rv("extra");
    String greetingVersion = rv("hello-greeting");
    repo.write(
        "apps/extra.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: extra
          namespace: shop
        data:
          added: "yes"
        """);
    String revision = repo.commitAndPush("change extra");
    HttpResponse<String> reply = webhook(revision, UUID.randomUUID().toString(), SECRET);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).contains("default/fleet");

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(wds.configMaps().inNamespace("shop").withName("extra").get().getData())
                    .containsEntry("added", "yes"));
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(status().get("lastAppliedRevision")).isEqualTo(revision));
    assertThat(status().get("appliedCount")).isEqualTo(1);
    assertThat(rv("backend")).as("unchanged objects are not written").isEqualTo(backendVersion);
    assertThat(rv("hello-greeting")).isEqualTo(greetingVersion);
    assertThat(rv("extra")).isNotEqualTo(extraVersion);

    // The same through GitLab's push hook (X-Gitlab-Token) and Gitea's (X-Gitea-Signature), over
    // HTTP.
    repo.write(
        "apps/extra.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: shop}\ndata: {added: gitlab}\n");
    String viaGitLab = repo.commitAndPush("change extra, announced by GitLab");
    byte[] gitlab =
        """
        {"object_kind": "push", "ref": "refs/heads/main", "before": "%s", "after": "%s",
         "project": {"path_with_namespace": "dev/fleet", "git_http_url": "%s", "web_url": "%s"},
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
                assertThat(wds.configMaps().inNamespace("shop").withName("extra").get().getData())
                    .containsEntry("added", "gitlab"));

    repo.write(
        "apps/extra.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: shop}\ndata: {added: gitea}\n");
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
                assertThat(wds.configMaps().inNamespace("shop").withName("extra").get().getData())
                    .containsEntry("added", "gitea"));
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(status().get("lastAppliedRevision")).isEqualTo(viaGitea));
    lastGoodRevision = viaGitea;
  }

  @Test
  @Order(3)
  void webhooksWithBadSignaturesRepeatsOrUnknownRepositoriesDoNothing() throws Exception {
    String before = rv("extra");
    assertThat(webhook(lastGoodRevision, UUID.randomUUID().toString(), "wrong-secret").statusCode())
        .isEqualTo(401);
    HttpResponse<String> unsigned =
        http.send(
            HttpRequest.newBuilder(hooks())
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", "x")
                .POST(
                    HttpRequest.BodyPublishers.ofString(pushPayload(repo.url(), lastGoodRevision)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(401);

    String delivery = UUID.randomUUID().toString();
    assertThat(webhook(lastGoodRevision, delivery, SECRET).statusCode()).isEqualTo(200);
    HttpResponse<String> repeat = webhook(lastGoodRevision, delivery, SECRET);
    assertThat(repeat.statusCode()).isEqualTo(200);
    assertThat(repeat.body()).contains("already received");

    String unknown = pushPayload("git://127.0.0.1:1/nobody/else.git", lastGoodRevision);
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
    assertThat(rv("extra")).isEqualTo(before);
  }

  @Test
  @Order(4)
  void aBrokenFileIsReportedWithPathAndLineAndTheLastGoodRevisionStaysApplied() throws Exception {
    repo.write(
            "apps/config.yaml",
            """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: frontend
          namespace: shop
        data:
          color: [unclosed
        """)
        .delete("apps/extra.yaml");
    String broken = repo.commitAndPush("break config");
    assertThat(webhook(broken, UUID.randomUUID().toString(), SECRET).statusCode()).isEqualTo(200);

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status();
              assertThat(status.get("lastFetchedRevision")).isEqualTo(broken);
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "RenderFailed");
              assertThat((List<?>) status.get("errors"))
                  .anySatisfy(e -> assertThat(e.toString()).startsWith("apps/config.yaml:"));
            });
    assertThat(status().get("lastAppliedRevision")).isEqualTo(lastGoodRevision);
    assertThat(wds.configMaps().inNamespace("shop").withName("extra").get())
        .as("nothing is pruned while the revision is broken")
        .isNotNull();
  }

  @Test
  @Order(5)
  void aDeletedFilePrunesItsObjectOnceTheRevisionIsGood() throws Exception {
    repo.write(
        "apps/config.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: frontend
          namespace: shop
        data:
          color: red
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: backend
          namespace: shop
        data:
          color: green
        """);
    String fixed = repo.commitAndPush("fix config");
    assertThat(webhook(fixed, UUID.randomUUID().toString(), SECRET).statusCode()).isEqualTo(200);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(status().get("lastAppliedRevision")).isEqualTo(fixed);
              assertThat(wds.configMaps().inNamespace("shop").withName("extra").get()).isNull();
            });
    assertThat(wds.configMaps().inNamespace("shop").withName("frontend").get().getData())
        .containsEntry("color", "red");
    assertThat(status().get("prunedCount")).isEqualTo(1);
    assertThat(condition(status(), "Ready")).containsEntry("status", "True");
  }

  @Test
  @Order(6)
  void aFieldOwnedByAnotherManagerIsReportedNamingThatManagerUnlessForced() throws Exception {
    ConfigMap theirs =
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .withNewMetadata()
            .withName("backend")
            .withNamespace("shop")
            .endMetadata()
            .addToData("color", "purple")
            .build();
    wds.configMaps()
        .inNamespace("shop")
        .resource(theirs)
        .fieldManager("kubectl-edit")
        .forceConflicts()
        .serverSideApply();
    repo.write(
        "apps/config.yaml",
        Files.readString(repo.dir().resolve("apps/config.yaml")).replace("green", "yellow"));
    String revision = repo.commitAndPush("recolor backend");
    webhook(revision, UUID.randomUUID().toString(), SECRET);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status();
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "ApplyFailed");
              assertThat(condition(status, "Ready").get("message").toString())
                  .contains("kubectl-edit");
            });

    GenericKubernetesResource source =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName("fleet")
            .get();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) source.getAdditionalProperties().get("spec");
    spec.put("force", true);
    wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
        .inNamespace("default")
        .resource(source)
        .update();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(wds.configMaps().inNamespace("shop").withName("backend").get().getData())
                  .containsEntry("color", "yellow");
              assertThat(condition(status(), "Ready")).containsEntry("status", "True");
            });
  }

  @Test
  @Order(7)
  void driftIsCorrectedOnTheIntervalAndCounted() throws Exception {
    GenericKubernetesResource source =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName("fleet")
            .get();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) source.getAdditionalProperties().get("spec");
    spec.put("interval", "2s");
    wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
        .inNamespace("default")
        .resource(source)
        .update();
    long before = ((Number) status().getOrDefault("driftCorrections", 0)).longValue();
    wds.configMaps().inNamespace("shop").withName("frontend").delete();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(wds.configMaps().inNamespace("shop").withName("frontend").get())
                  .isNotNull();
              assertThat(((Number) status().get("driftCorrections")).longValue())
                  .isGreaterThan(before);
            });
  }

  @Test
  @Order(8)
  void aSourceAppliesAsItsServiceAccountAndCanOnlyTouchWhatThatAccountMay() throws Exception {
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
        metadata: {name: configmaps, namespace: shop}
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
        metadata: {name: shop-deployer, namespace: shop}
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
            metadata: {name: allowed, namespace: shop}
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
                  .containsEntry("reason", "ApplyFailed");
              assertThat(status.get("errors").toString())
                  .contains("forbidden")
                  .contains("kube-public");
            });
    assertThat(wds.configMaps().inNamespace("shop").withName("allowed").get().getData())
        .containsEntry("ok", "yes");
    assertThat(wds.configMaps().inNamespace("kube-public").withName("forbidden").get()).isNull();
  }

  @Test
  @Order(9)
  void aRevisionDeletingMostObjectsIsHeldWithAWarningUntilConfirmed() throws Exception {
    repo.delete("apps/config.yaml")
        .delete("charts/greeter/Chart.yaml")
        .delete("charts/greeter/values.yaml")
        .delete("charts/greeter/orrery.yaml")
        .delete("charts/greeter/templates/cm.yaml");
    String revision = repo.commitAndPush("remove most objects");
    webhook(revision, UUID.randomUUID().toString(), SECRET);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status();
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "DeletionHeld");
              assertThat(condition(status, "Ready").get("message").toString())
                  .contains("3 of 4", "confirm-deletions=" + revision);
              assertThat(wds.v1().events().inNamespace("default").list().getItems())
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("DeletionHeld");
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("fleet");
                      });
            });
    assertThat(wds.configMaps().inNamespace("shop").withName("frontend").get())
        .as("held, not deleted")
        .isNotNull();

    GenericKubernetesResource source =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName("fleet")
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
              assertThat(wds.configMaps().inNamespace("shop").withName("frontend").get()).isNull();
              assertThat(wds.configMaps().inNamespace("shop").withName("hello-greeting").get())
                  .isNull();
              assertThat(condition(status(), "Ready")).containsEntry("status", "True");
            });
  }

  @Test
  @Order(10)
  void metricsCountWebhooksByResultTheSyncAndWhatAPolicyPlaces() throws Exception {
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
            - matchLabels: {gitops.orrery.dev/source: default.fleet}
        """,
                GenericKubernetesResource.class))
        .create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              PrometheusScrape metrics = PrometheusScrape.of(server.getURL().toString());
              assertThat(metrics.value("orrery_policy_objects", "policy", "fleet-objects"))
                  .as("at least namespace shop")
                  .isPositive();
              assertThat(metrics.has("orrery_policy_clusters", "policy", "fleet-objects")).isTrue();
            });
    PrometheusScrape metrics = PrometheusScrape.of(server.getURL().toString());
    String webhooks = "orrery_webhook_deliveries_total";
    assertThat(metrics.value(webhooks, "forge", "github", "result", "triggered"))
        .isGreaterThanOrEqualTo(5);
    assertThat(metrics.value(webhooks, "forge", "github", "result", "unauthorized")).isEqualTo(2);
    assertThat(metrics.value(webhooks, "forge", "github", "result", "duplicate")).isEqualTo(1);
    assertThat(metrics.value(webhooks, "forge", "github", "result", "unknown_repository"))
        .isEqualTo(1);
    assertThat(metrics.value(webhooks, "forge", "github", "result", "too_large")).isEqualTo(1);
    assertThat(metrics.value("orrery_applies_total", "source", "default/fleet")).isPositive();
    assertThat(metrics.value("orrery_prunes_total", "source", "default/fleet")).isPositive();
    assertThat(metrics.value("orrery_drift_corrections_total", "source", "default/fleet"))
        .isPositive();
    assertThat(
            metrics.value(
                "orrery_git_fetch_duration_seconds_count",
                "source",
                "default/fleet",
                "result",
                "success"))
        .isPositive();
  }

  @Test
  @Order(11)
  void aRevisionDeletingABindingPolicyIsHeldForItsPlacementsUntilConfirmed() throws Exception {
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
            metadata: {name: placed-a, namespace: shop, labels: {app: placed}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: placed-b, namespace: shop, labels: {app: placed}}
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

  private static GenericKubernetesResource gitSource() {
    return Serialization.unmarshal(
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata:
          name: fleet
          namespace: default
        spec:
          url: %s
          ref: {branch: main}
          interval: 1h
          prune: true
        """
            .formatted(repo.url()),
        GenericKubernetesResource.class);
  }

  private static Map<String, Object> status() {
    return status("fleet");
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

  private static String rv(String configMap) {
    return wds.configMaps()
        .inNamespace("shop")
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

  private static HttpResponse<String> webhook(String after, String delivery, String secret)
      throws Exception {
    return http.send(
        signed(pushPayload(repo.url(), after), delivery, secret),
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
