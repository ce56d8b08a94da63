package dev.orrery.app.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 as a process: a kill -9 of {@code orrery serve} in wave 2 of a rollout, then a new
 * process, resumes the same wave. Three WECs in three decision groups; a 1 h soak, so waves move
 * only when promoted.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "canary1",
          labels = {"ring=canary"}),
      @WithSpaces.Wec(
          name = "edge1",
          labels = {"ring=edge"}),
      @WithSpaces.Wec(
          name = "core1",
          labels = {"ring=core"})
    })
class RolloutRestartIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String APP = "restart";
  static LocalSpaces spaces;
  static KubernetesClient wds;
  static KubernetesClient its;
  static Path dir;
  static ReplicaProcess first;
  static ReplicaProcess second;

  @BeforeAll
  static void start(LocalSpaces s) throws Exception {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    dir = Path.of("target", "rollout-restart-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    java.nio.file.Files.createDirectories(dir);
    first = ReplicaProcess.start(spaces, dir, "replica-1", Map.of());
    awaitLeader(first);
  }

  @AfterAll
  static void stop() {
    for (ReplicaProcess r : new ReplicaProcess[] {first, second}) {
      if (r != null) {
        r.close();
      }
    }
  }

  @Test
  void aKillMinus9InWaveTwoThenANewProcessResumesTheSameWave() {
    setUp();
    // The first BindingRevision may lack the Deployment (placement saw the policy first): promote
    // only the revision that carries it, which the canary runs.
    await().atMost(WAIT).until(() -> "v1".equals(version("canary1")));
    // The first content walks the waves too, and even the last one soaks: promote all three.
    for (int wave = 1; wave <= 3; wave++) {
      int current = wave;
      await().atMost(WAIT).until(() -> wave() >= current);
      awaitWaveHealthy();
      annotate(Map.of("rollout.orrery.dev/promote", "first-" + wave));
    }
    await().atMost(WAIT).until(() -> "Succeeded".equals(status(currentRevision()).get("phase")));

    deploy("v2");
    await().atMost(WAIT).until(() -> "v2".equals(version("canary1")));
    awaitWaveHealthy();
    annotate(Map.of("rollout.orrery.dev/promote", "to-edge"));
    await().atMost(WAIT).until(() -> "v2".equals(version("edge1")));
    Map<String, Object> before = status(currentRevision());
    assertThat(before.get("currentWave")).isEqualTo(2);
    Map<String, String> coreWorksBefore = generations("core1");
    long coreDeploymentBefore = deployment("core1").getMetadata().getGeneration();
    assertThat(coreWorksBefore).isNotEmpty();

    long killedAt = System.nanoTime();
    first.process.destroyForcibly(); // SIGKILL
    try {
      second = ReplicaProcess.start(spaces, dir, "replica-2", Map.of());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    awaitLeader(second);
    System.out.printf(
        "rollout restart figures: kill -9 -> new process leads after %.1f s%n",
        (System.nanoTime() - killedAt) / 1e9);
    sleep(Duration.ofSeconds(5)); // the new leader reads everything back and reconciles it

    Map<String, Object> after = status(currentRevision());
    assertThat(after.get("currentWave")).as("the same wave after restart").isEqualTo(2);
    assertThat(after.get("startedAt")).isEqualTo(before.get("startedAt"));
    assertThat(after.get("waveStartedAt")).isEqualTo(before.get("waveStartedAt"));
    assertThat(after.get("phase")).isEqualTo("Progressing");
    assertThat(version("core1")).as("wave 3 still runs the old content").isEqualTo("v1");
    assertThat(deployment("core1").getMetadata().getGeneration()).isEqualTo(coreDeploymentBefore);
    assertThat(generations("core1"))
        .as("no ManifestWork of a cluster not admitted was rewritten")
        .isEqualTo(coreWorksBefore);
    assertThat(version("canary1")).isEqualTo("v2");
    assertThat(version("edge1")).isEqualTo("v2");

    awaitWaveHealthy();
    annotate(Map.of("rollout.orrery.dev/promote", "to-core"));
    await().atMost(WAIT).until(() -> "v2".equals(version("core1")));
    await().atMost(WAIT).until(() -> wave() == 3); // the status follows the ManifestWorks
  }

  private static int wave() {
    return status(currentRevision()).get("currentWave") instanceof Number n ? n.intValue() : 0;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitLeader(ReplicaProcess replica) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(replica.process.isAlive()).as(replica::logText).isTrue();
              assertThat(replica.readiness()).isNotNull();
              Lease l =
                  wds.resources(Lease.class)
                      .inNamespace("orrery-system")
                      .withName("orrery-leader")
                      .get();
              assertThat(l.getSpec().getHolderIdentity()).isEqualTo(replica.identity);
            });
  }

  /** Waits until the current wave is healthy (its soak has begun). */
  private static void awaitWaveHealthy() {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Map<String, Object> s = status(currentRevision());
              return s.get("waveHealthySince") != null;
            });
  }

  /**
   * ManifestWork name → generation and revision annotation, in the cluster's namespace (not the
   * resourceVersion: the work agent's status updates change it).
   */
  private static Map<String, String> generations(String cluster) {
    return its
        .genericKubernetesResources(Apis.MANIFEST_WORKS)
        .inNamespace(cluster)
        .list()
        .getItems()
        .stream()
        .filter(w -> w.getMetadata().getName().startsWith(APP + "-"))
        .collect(
            Collectors.toMap(
                w -> w.getMetadata().getName(),
                w ->
                    w.getMetadata().getGeneration()
                        + " "
                        + w.getMetadata().getAnnotations().get("rollout.orrery.dev/revision"),
                (x, y) -> x,
                TreeMap::new));
  }

  private static void setUp() {
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n".formatted(APP));
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
            progressivePerGroup: {minSuccessTime: 1h, progressDeadline: None, maxFailures: 0}
          onFailure: Halt
        """
            .formatted(APP, APP));
    deploy("v1");
    apply(
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: %s}
        spec:
          clusterSelectors: [{matchExpressions: [{key: ring, operator: Exists}]}]
          downsync:
          - {resources: [namespaces], objectNames: [%s]}
          - {namespaces: [%s], resources: [deployments]}
        """
            .formatted(APP, APP, APP));
  }

  private static void deploy(String version) {
    apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %s}}
          template:
            metadata:
              labels: {app: %s}
              annotations: {version: %s}
            spec:
              containers: [{name: app, image: "app:%s"}]
        """
            .formatted(APP, APP, APP, APP, version, version));
  }

  /** The newest BindingRevision of the Binding. */
  private static GenericKubernetesResource currentRevision() {
    return wds.genericKubernetesResources(Apis.BINDING_REVISIONS).list().getItems().stream()
        .filter(r -> APP.equals(spec(r).get("binding")))
        .max(
            Comparator.comparingLong(
                r -> spec(r).get("revision") instanceof Number n ? n.longValue() : 0))
        .orElse(null);
  }

  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return Unstructured.asMap(r.getAdditionalProperties().get("spec"));
  }

  private static Map<String, Object> status(GenericKubernetesResource r) {
    return r == null ? Map.of() : Unstructured.asMap(r.getAdditionalProperties().get("status"));
  }

  private static void annotate(Map<String, String> annotations) {
    wds.genericKubernetesResources(Apis.BINDING_POLICIES)
        .withName(APP)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations))));
  }

  private static Deployment deployment(String wec) {
    return spaces
        .wec(wec)
        .space()
        .client()
        .apps()
        .deployments()
        .inNamespace(APP)
        .withName(APP)
        .get();
  }

  private static String version(String wec) {
    Deployment d = deployment(wec);
    return d == null
        ? null
        : d.getSpec().getTemplate().getMetadata().getAnnotations().get("version");
  }

  private static void apply(String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }
}
