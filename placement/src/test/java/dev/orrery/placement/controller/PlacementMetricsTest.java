package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlacementMetricsTest {
  // The service hands placement a composite registry whose child is the Prometheus one.
  private final SimpleMeterRegistry exported = new SimpleMeterRegistry();
  private final PlacementMetrics metrics =
      new PlacementMetrics(new CompositeMeterRegistry().add(exported));

  @Test
  void policyGaugesFollowTheLatestPlacementAndLeaveWithThePolicy() {
    metrics.policyPlaces("edge", 2, 5);
    metrics.policyPlaces("core", 1, 1);
    metrics.policyPlaces("edge", 3, 4);

    assertThat(gauge(PlacementMetrics.POLICY_CLUSTERS, "edge")).isEqualTo(3);
    assertThat(gauge(PlacementMetrics.POLICY_OBJECTS, "edge")).isEqualTo(4);
    assertThat(gauge(PlacementMetrics.POLICY_CLUSTERS, "core")).isEqualTo(1);

    metrics.policyDeleted("edge");
    metrics.policyDeleted("never-seen");

    assertThat(exported.find(PlacementMetrics.POLICY_CLUSTERS).tag("policy", "edge").gauge())
        .isNull();
    assertThat(exported.find(PlacementMetrics.POLICY_OBJECTS).tag("policy", "edge").gauge())
        .isNull();
    assertThat(gauge(PlacementMetrics.POLICY_OBJECTS, "core")).isEqualTo(1);

    metrics.policyPlaces("edge", 1, 2);
    assertThat(gauge(PlacementMetrics.POLICY_CLUSTERS, "edge"))
        .as("a re-created policy gets gauges again")
        .isEqualTo(1);
  }

  @Test
  void manifestWorkWritesAreCountedByOperation() {
    metrics.manifestWorkWritten(PlacementMetrics.Operation.CREATE);
    metrics.manifestWorkWritten(PlacementMetrics.Operation.CREATE);
    metrics.manifestWorkWritten(PlacementMetrics.Operation.DELETE);

    assertThat(
            exported
                .get(PlacementMetrics.MANIFESTWORKS_WRITTEN)
                .tag("operation", "create")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(
            exported
                .get(PlacementMetrics.MANIFESTWORKS_WRITTEN)
                .tag("operation", "delete")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            exported
                .find(PlacementMetrics.MANIFESTWORKS_WRITTEN)
                .tag("operation", "update")
                .counter())
        .isNull();
  }

  @Test
  void statusReturnTimesOnlyWritesThatFollowFeedback() {
    long[] now = {0};
    StatusReturnClock clock = new StatusReturnClock(metrics, () -> now[0]);
    var key = new dev.orrery.placement.match.ObjectKey("apps", "deployments", "ns", "web");
    var other = new dev.orrery.placement.match.ObjectKey("", "configmaps", "ns", "c");

    clock.feedbackChanged(key);
    now[0] += Duration.ofMillis(300).toNanos();
    clock.feedbackChanged(key); // still the same pending change: the clock keeps its start
    now[0] += Duration.ofMillis(200).toNanos();
    clock.reconciled(key, true);
    clock.reconciled(key, true); // nothing pending any more
    clock.feedbackChanged(other);
    clock.reconciled(other, false); // nothing to write: settled, not timed
    clock.reconciled(other, true);

    var timer = exported.get(PlacementMetrics.STATUS_RETURN).timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(500);
  }

  private double gauge(String name, String policy) {
    return exported.get(name).tag("policy", policy).gauge().value();
  }
}
