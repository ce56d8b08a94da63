package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.placement.match.Unstructured;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Progressive rollouts on real spaces: a WDS, an ITS and four WECs with OCM work agents, in three
 * decision groups (canary, edge, core). Each test has its own namespace, BindingPolicy and
 * RolloutPolicy, so tests do not depend on each other. A Deployment that can never become Available
 * (a node selector no kwok node has) stands for a bad change.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "canary1",
          labels = {"ring=canary", "location-group=edge"}),
      @WithSpaces.Wec(
          name = "edge1",
          labels = {"ring=edge", "location-group=edge"}),
      @WithSpaces.Wec(
          name = "edge2",
          labels = {"ring=edge", "location-group=edge"}),
      @WithSpaces.Wec(
          name = "core1",
          labels = {"ring=core", "location-group=core"})
    })
class RolloutIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static final List<String> WECS = List.of("canary1", "edge1", "edge2", "core1");
  static LocalSpaces spaces;
  static KubernetesClient wds;
  static KubernetesClient its;
  static PlacementService placement;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    placement = newPlacement();
    placement.start();
  }

  static PlacementService newPlacement() {
    return new PlacementService(
        wds,
        its,
        PlacementService.Settings.defaults("wds1").withRolloutMinimumSoak(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stop() {
    if (placement != null) {
      placement.close();
    }
  }

  @Test
  void aHealthyChangeWalksWaveByWaveInOrderObservingTheSoak() throws Exception {
    String app = "walk";
    setUp(app, "3s", "2m", "Rollback");
    awaitPhase(app, "Succeeded", 1);
    assertThat(versionsOn(app)).as("the first content rolled out too").containsOnly("v1");

    Map<String, Instant> arrived = new ConcurrentHashMap<>();
    ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor();
    poll.scheduleAtFixedRate(
        () ->
            WECS.forEach(
                w -> {
                  if ("v2".equals(version(w, app))) {
                    arrived.putIfAbsent(w, Instant.now());
                  }
                }),
        0,
        100,
        TimeUnit.MILLISECONDS);
    try {
      deploy(app, "v2", false);
      awaitPhase(app, "Succeeded", 2);
      await().atMost(WAIT).until(() -> arrived.size() == 4);
    } finally {
      poll.shutdownNow();
    }
    // canary, then edge1 + edge2 together, then core; each wave after the previous one's soak.
    assertThat(arrived.get("canary1")).isBefore(arrived.get("edge1"));
    assertThat(Duration.between(arrived.get("canary1"), arrived.get("edge1")))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(Duration.between(arrived.get("edge1"), arrived.get("edge2")).abs())
        .isLessThan(Duration.ofSeconds(3));
    assertThat(Duration.between(arrived.get("edge2"), arrived.get("core1")))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    GenericKubernetesResource revision = currentRevision(app);
    assertThat(status(revision).get("updatedText")).isEqualTo("4/4");
    assertThat(status(revision).get("waves").toString())
        .contains("canary1")
        .contains("edge1, edge2")
        .contains("core1");
    assertThat(eventReasons(app)).contains("RolloutStarted", "WavePassed", "RolloutSucceeded");
    System.out.printf(
        "rollout figures: wave advance (soak end -> next wave written) last %d ms%n",
        placementWaveAdvanceMillis());
  }

  @Test
  void aChangeThatNeverBecomesAvailableRollsBackTheCanaryAndLaterWavesNeverSeeIt() {
    String app = "bad";
    setUp(app, "2s", "12s", "Rollback");
    awaitPhase(app, "Succeeded", 1);
    Map<String, Long> generations = new LinkedHashMap<>();
    for (String w : List.of("edge1", "edge2", "core1")) {
      generations.put(w, deployment(w, app).getMetadata().getGeneration());
    }
    deploy(app, "v2", true);
    await().atMost(WAIT).until(() -> "v2".equals(version("canary1", app)));
    GenericKubernetesResource rolledBack = awaitPhase(app, "RolledBack", 2);
    assertThat(String.valueOf(status(rolledBack).get("failures"))).contains("canary1");
    assertThat(String.valueOf(status(rolledBack).get("message")))
        .contains("rolled back to revision");
    await().atMost(WAIT).untilAsserted(() -> assertThat(version("canary1", app)).isEqualTo("v1"));
    for (String w : generations.keySet()) {
      assertThat(deployment(w, app).getMetadata().getGeneration())
          .as("%s never got the bad content", w)
          .isEqualTo(generations.get(w));
      assertThat(version(w, app)).isEqualTo("v1");
    }
    assertThat(eventReasons(app)).contains("RolledBack");
    System.out.printf(
        "rollout figures: rollback (deadline passed -> rollback written) last %d ms%n",
        placement.rolloutRollback().toMillis());
  }

  @Test
  void pausePromoteAndAbortFromAnnotations() {
    String app = "ctl";
    setUp(app, "1h", "None", "Halt");
    // The first content must pass three waves of a 1 h soak: promote them.
    promoteUntil(app, 1);
    awaitPhase(app, "Succeeded", 1);

    annotate(app, Map.of("rollout.orrery.dev/paused", "true"));
    deploy(app, "v2", false);
    await().atMost(WAIT).until(() -> "v2".equals(version("canary1", app)));
    awaitPhase(app, "Paused", 2);
    annotate(app, Map.of("rollout.orrery.dev/promote", "p-paused"));
    sleep(Duration.ofSeconds(3));
    assertThat(version("edge1", app)).as("paused: promote does not start a wave").isEqualTo("v1");

    annotate(app, Map.of("rollout.orrery.dev/paused", "false"));
    // Resumed; its pending promotion passes wave 1 at once despite the 1 h soak.
    await().atMost(WAIT).until(() -> "v2".equals(version("edge1", app)));
    assertThat(version("core1", app)).isEqualTo("v1");

    annotate(app, Map.of("rollout.orrery.dev/abort", "a1"));
    awaitPhase(app, "RolledBack", 2);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> WECS.forEach(w -> assertThat(version(w, app)).as(w).isEqualTo("v1")));
  }

  @Test
  void aRestartResumesTheSameWaveANewerChangeSupersedesAndAJoiningClusterWaitsForItsWave()
      throws Exception {
    String app = "resume";
    setUp(app, "1h", "None", "Halt");
    promoteUntil(app, 1);
    awaitPhase(app, "Succeeded", 1);

    deploy(app, "v2", false);
    await().atMost(WAIT).until(() -> "v2".equals(version("canary1", app)));
    annotate(app, Map.of("rollout.orrery.dev/promote", "to-edge"));
    await().atMost(WAIT).until(() -> "v2".equals(version("edge2", app)));
    // The revision's status is written after the ManifestWorks: wait for it to say wave 2.
    await()
        .atMost(WAIT)
        .until(() -> Integer.valueOf(2).equals(status(currentRevision(app)).get("currentWave")));
    GenericKubernetesResource before = currentRevision(app);

    // Restart: a new placement service reads everything back from the API.
    placement.close();
    placement = newPlacement();
    placement.start();
    sleep(Duration.ofSeconds(3));
    GenericKubernetesResource after = currentRevision(app);
    assertThat(status(after).get("currentWave")).as("the same wave after restart").isEqualTo(2);
    assertThat(status(after).get("startedAt")).isEqualTo(status(before).get("startedAt"));
    assertThat(version("core1", app)).isEqualTo("v1");

    // A newer change supersedes v2: it starts over at the canary; edge keeps v2 until its turn.
    deploy(app, "v3", false);
    await().atMost(WAIT).until(() -> "v3".equals(version("canary1", app)));
    awaitPhaseOf(before.getMetadata().getName(), "Superseded");
    assertThat(version("edge1", app)).isEqualTo("v2");
    assertThat(version("core1", app)).isEqualTo("v1");
    sleep(Duration.ofSeconds(2));
    assertThat(version("edge1", app)).isEqualTo("v2");
  }

  @Test
  void aClusterThatJoinsMidRolloutGetsTheLastGoodContentUntilItsWave() {
    String app = "join";
    String label = "join-" + app;
    labelCluster("canary1", label, "yes");
    labelCluster("edge1", label, "yes");
    labelCluster("core1", label, null);
    try {
      setUp(app, "1h", "None", "Halt", "{matchLabels: {" + label + ": \"yes\"}}");
      promoteUntil(app, 1);
      awaitPhase(app, "Succeeded", 1);
      assertThat(version("core1", app)).isNull();

      deploy(app, "v2", false);
      await().atMost(WAIT).until(() -> "v2".equals(version("canary1", app)));
      awaitPhase(app, "Progressing", 2);

      labelCluster("core1", label, "yes");
      await().atMost(WAIT).until(() -> "v1".equals(version("core1", app)));
      sleep(Duration.ofSeconds(3));
      assertThat(version("core1", app)).as("core's wave is not admitted yet").isEqualTo("v1");
      assertThat(version("edge1", app)).isEqualTo("v1");
      assertThat(version("canary1", app)).isEqualTo("v2");
    } finally {
      for (String w : List.of("canary1", "edge1", "core1")) {
        labelCluster(w, label, null);
      }
    }
  }

  // ---- helpers

  /** Sets ({@code value}) or removes ({@code null}) a label on a ManagedCluster. */
  private static void labelCluster(String cluster, String key, String value) {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put(key, value);
    its.genericKubernetesResources(Apis.MANAGED_CLUSTERS)
        .withName(cluster)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("labels", labels))));
  }

  /** Namespace, Deployment v1, a BindingPolicy onto every WEC and its RolloutPolicy. */
  private static void setUp(String app, String soak, String deadline, String onFailure) {
    setUp(app, soak, deadline, onFailure, "{matchExpressions: [{key: ring, operator: Exists}]}");
  }

  private static void setUp(
      String app, String soak, String deadline, String onFailure, String clusterSelector) {
    apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: %s}
        """
            .formatted(app));
    apply(
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: RolloutPolicy
        metadata: {name: %s}
        spec:
          bindingPolicies: {names: [%s]}
          decisionGroups:
          - {groupName: canary, groupClusterSelector: {labelSelector: {matchLabels: {ring: canary}}}}
          - {groupName: edge, groupClusterSelector: {labelSelector: {matchLabels: {ring: edge}}}}
          - {groupName: core, groupClusterSelector: {labelSelector: {matchLabels: {ring: core}}}}
          rolloutStrategy:
            type: ProgressivePerGroup
            progressivePerGroup: {minSuccessTime: %s, progressDeadline: %s, maxFailures: 0}
          onFailure: %s
        """
            .formatted(app, app, soak, deadline, onFailure));
    deploy(app, "v1", false);
    apply(
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: %s}
        spec:
          clusterSelectors:
          - %s
          downsync:
          - resources: [namespaces]
            objectNames: [%s]
          - namespaces: [%s]
            resources: [deployments]
        """
            .formatted(app, clusterSelector, app, app));
  }

  /**
   * Deployment {@code app} with a version annotation on its pods; {@code unschedulable}: never
   * available.
   */
  private static void deploy(String app, String version, boolean unschedulable) {
    apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s}
        spec:
          replicas: 1
          progressDeadlineSeconds: 600
          selector: {matchLabels: {app: %s}}
          template:
            metadata:
              labels: {app: %s}
              annotations: {version: %s}
            spec:
              %s
              containers: [{name: app, image: app:%s}]
        """
            .formatted(
                app,
                app,
                app,
                app,
                version,
                unschedulable ? "nodeSelector: {no-such-node: \"true\"}" : "nodeSelector: {}",
                version));
  }

  private static void promoteUntil(String app, long revision) {
    for (int i = 0; i < 3; i++) {
      String token = "initial-" + i;
      await()
          .atMost(WAIT)
          .until(
              () -> {
                GenericKubernetesResource r = currentRevision(app);
                return r != null
                    && status(r).get("phase") != null
                    && (status(r).get("waveHealthySince") != null
                        || "Succeeded".equals(status(r).get("phase")));
              });
      if ("Succeeded".equals(status(currentRevision(app)).get("phase"))) {
        return;
      }
      annotate(app, Map.of("rollout.orrery.dev/promote", token));
      int wave = i + 2;
      await()
          .atMost(WAIT)
          .until(
              () -> {
                Map<String, Object> s = status(currentRevision(app));
                return "Succeeded".equals(s.get("phase"))
                    || (s.get("currentWave") instanceof Number n && n.intValue() >= wave);
              });
    }
  }

  private static GenericKubernetesResource awaitPhase(String app, String phase, long revision) {
    try {
      await()
          .atMost(WAIT)
          .until(
              () -> {
                GenericKubernetesResource r = currentRevision(app);
                return r != null
                    && BindingRevisions.number(r) == revision
                    && phase.equals(status(r).get("phase"));
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "revision "
              + revision
              + " of "
              + app
              + " not "
              + phase
              + "; what the spaces hold:\n"
              + diagnose(app),
          e);
    }
    return currentRevision(app);
  }

  /** What a failed wait shows: the Binding, its revisions, the RolloutPolicy and the WECs. */
  private static String diagnose(String app) {
    StringBuilder out = new StringBuilder();
    out.append("Binding: ")
        .append(
            Serialization.asYaml(
                wds.genericKubernetesResources(Apis.BINDINGS).withName(app).get()));
    out.append("RolloutPolicy: ")
        .append(
            Serialization.asYaml(
                wds.genericKubernetesResources(Apis.ROLLOUT_POLICIES).withName(app).get()));
    wds.genericKubernetesResources(Apis.BINDING_REVISIONS).list().getItems().stream()
        .filter(r -> app.equals(BindingRevisions.binding(r)))
        .forEach(
            r ->
                out.append("BindingRevision ")
                    .append(r.getMetadata().getName())
                    .append(" status: ")
                    .append(status(r))
                    .append('\n'));
    for (String w : WECS) {
      Deployment d = deployment(w, app);
      out.append(w)
          .append(": version ")
          .append(version(w, app))
          .append(", status ")
          .append(d == null ? null : d.getStatus())
          .append('\n');
    }
    its.genericKubernetesResources(Apis.MANIFEST_WORKS).inAnyNamespace().list().getItems().stream()
        .filter(mw -> mw.getMetadata().getName().startsWith(app + "-"))
        .forEach(
            mw ->
                out.append("ManifestWork ")
                    .append(mw.getMetadata().getNamespace())
                    .append('/')
                    .append(mw.getMetadata().getName())
                    .append(" annotations ")
                    .append(mw.getMetadata().getAnnotations())
                    .append(" status ")
                    .append(mw.getAdditionalProperties().get("status"))
                    .append('\n'));
    return out.toString();
  }

  private static void awaitPhaseOf(String revisionName, String phase) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                phase.equals(
                    status(
                            wds.genericKubernetesResources(Apis.BINDING_REVISIONS)
                                .withName(revisionName)
                                .get())
                        .get("phase")));
  }

  /** The newest BindingRevision of a Binding. */
  private static GenericKubernetesResource currentRevision(String binding) {
    return wds.genericKubernetesResources(Apis.BINDING_REVISIONS).list().getItems().stream()
        .filter(r -> binding.equals(BindingRevisions.binding(r)))
        .max(java.util.Comparator.comparingLong(BindingRevisions::number))
        .orElse(null);
  }

  private static Map<String, Object> status(GenericKubernetesResource r) {
    return r == null ? Map.of() : Unstructured.asMap(r.getAdditionalProperties().get("status"));
  }

  private static void annotate(String policy, Map<String, String> annotations) {
    wds.genericKubernetesResources(Apis.BINDING_POLICIES)
        .withName(policy)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations))));
  }

  private static List<String> versionsOn(String app) {
    return WECS.stream().map(w -> version(w, app)).toList();
  }

  private static Deployment deployment(String wec, String app) {
    return spaces
        .wec(wec)
        .space()
        .client()
        .apps()
        .deployments()
        .inNamespace(app)
        .withName(app)
        .get();
  }

  private static String version(String wec, String app) {
    Deployment d = deployment(wec, app);
    return d == null
        ? null
        : d.getSpec().getTemplate().getMetadata().getAnnotations().get("version");
  }

  private static List<String> eventReasons(String policy) {
    return wds.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }

  private static long placementWaveAdvanceMillis() {
    return placement.rolloutWaveAdvance().toMillis();
  }

  private static void apply(String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
