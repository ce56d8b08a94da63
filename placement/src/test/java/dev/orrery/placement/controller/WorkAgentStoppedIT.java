package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.placement.status.WorkStaleness;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault 5 of issue 16 on real programs: the OCM work agent of one WEC is stopped. That cluster's
 * delivery says it is stale and since when; the other cluster keeps receiving every change; once
 * the agent is back, the cluster catches up and is no longer stale.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"location-group=edge"}),
      @WithSpaces.Wec(
          name = "cluster2",
          labels = {"location-group=edge"})
    })
class WorkAgentStoppedIT {
  static final String APP = "agents";
  static final Duration WAIT = Duration.ofSeconds(60);
  static LocalSpaces spaces;
  static PlacementService placement;
  static KubernetesClient wds;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    placement =
        new PlacementService(wds, s.its().client(), PlacementService.Settings.defaults("wds1"));
    placement.start();
  }

  @AfterAll
  static void stop() {
    if (placement != null) {
      placement.close();
    }
    spaces.startWorkAgent("cluster1");
  }

  @Test
  void aStoppedAgentMakesItsClusterStaleAndStallsNoOtherCluster() {
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: {app: %s}}\n");
    applyConfig("v1");
    apply(
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: %s}
        spec:
          clusterSelectors:
          - matchLabels: {location-group: edge}
          downsync:
          - objectSelectors:
            - matchLabels: {app: %s}
        """);
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(version("cluster1")).isEqualTo("v1");
              assertThat(version("cluster2")).isEqualTo("v1");
              assertThat(placement.delivery("cluster1", APP).state().apiName())
                  .isEqualTo("Available");
            });
    assertThat(placement.delivery("cluster1", APP).staleSince()).isEmpty();

    spaces.stopWorkAgent("cluster1");
    Instant stopped = Instant.now();
    applyConfig("v2");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(version("cluster2")).isEqualTo("v2"));
    Duration otherDelivered = Duration.between(stopped, Instant.now());

    await()
        .ignoreExceptions()
        .atMost(WorkStaleness.GRACE.plus(WAIT))
        .untilAsserted(
            () -> assertThat(placement.delivery("cluster1", APP).staleSince()).isPresent());
    Duration reportedStale = Duration.between(stopped, Instant.now());
    Instant since = placement.delivery("cluster1", APP).staleSince().orElseThrow();
    assertThat(since)
        .as("stale since the change the agent did not acknowledge")
        .isBetween(stopped.minusSeconds(2), stopped.plus(otherDelivered).plusSeconds(2));
    assertThat(placement.delivery("cluster2", APP).staleSince()).isEmpty();
    assertThat(version("cluster1")).as("the stopped agent applied nothing").isEqualTo("v1");

    applyConfig("v3");
    Instant third = Instant.now();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(version("cluster2")).isEqualTo("v3"));
    Duration otherWhileStale = Duration.between(third, Instant.now());
    assertThat(placement.delivery("cluster1", APP).staleSince())
        .as("still stale since the first unacknowledged change, or later")
        .isPresent();

    spaces.startWorkAgent("cluster1");
    Instant restarted = Instant.now();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(version("cluster1")).isEqualTo("v3");
              assertThat(placement.delivery("cluster1", APP).staleSince()).isEmpty();
            });
    Duration caughtUp = Duration.between(restarted, Instant.now());
    System.out.printf(
        "FAULT work-agent-stopped: other cluster got the change %d ms and %d ms after it was"
            + " made, stale reported %d ms after the stop (grace %d s) since %s, caught up %d ms"
            + " after the agent restarted%n",
        otherDelivered.toMillis(),
        otherWhileStale.toMillis(),
        reportedStale.toMillis(),
        WorkStaleness.GRACE.toSeconds(),
        since,
        caughtUp.toMillis());
  }

  private static void applyConfig(String version) {
    apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg, namespace: %s, labels: {app: %s}}
        data: {version: VERSION}
        """
            .replace("VERSION", version));
  }

  /** Server-side applies {@code template} with every {@code %s} replaced by {@link #APP}. */
  private static void apply(String template) {
    String yaml = template.replace("%s", APP);
    wds.resource((HasMetadata) Serialization.unmarshal(yaml))
        .fieldManager("kubectl")
        .forceConflicts()
        .serverSideApply();
  }

  private static String version(String cluster) {
    ConfigMap cm =
        spaces.wec(cluster).space().client().configMaps().inNamespace(APP).withName("cfg").get();
    return cm == null || cm.getData() == null ? null : cm.getData().get("version");
  }
}
