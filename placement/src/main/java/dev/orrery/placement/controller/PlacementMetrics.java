package dev.orrery.placement.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics of placement (through Micrometer): the clusters and objects each
 * BindingPolicy's Binding places ({@code orrery_policy_clusters{policy}}, {@code
 * orrery_policy_objects{policy}}, removed with the policy), ManifestWork writes to the ITS ({@code
 * orrery_manifestworks_written_total{operation}}) and the time from WEC status feedback to the WDS
 * status write ({@code orrery_status_return_duration}).
 */
public final class PlacementMetrics {
  static final String POLICY_CLUSTERS = "orrery_policy_clusters";
  static final String POLICY_OBJECTS = "orrery_policy_objects";
  static final String MANIFESTWORKS_WRITTEN = "orrery_manifestworks_written";
  static final String STATUS_RETURN = "orrery_status_return_duration";

  /** A write of one ManifestWork to the ITS. */
  enum Operation {
    CREATE,
    UPDATE,
    DELETE;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What one policy's gauges read, and the gauges themselves (to remove them). */
  private record PolicyGauges(
      AtomicInteger clusters, AtomicInteger objects, Gauge clusterGauge, Gauge objectGauge) {}

  private final MeterRegistry registry;
  private final Map<String, PolicyGauges> policies = new ConcurrentHashMap<>();
  private final Timer statusReturn;

  public PlacementMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.statusReturn =
        Timer.builder(STATUS_RETURN)
            .description(
                "Time from a WEC's status feedback reaching Orrery to that status being written into the WDS object")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
  }

  /** Sets on how many clusters {@code policy} places how many objects (what its Binding holds). */
  void policyPlaces(String policy, int clusters, int objects) {
    PolicyGauges gauges = policies.computeIfAbsent(policy, this::register);
    gauges.clusters().set(clusters);
    gauges.objects().set(objects);
  }

  /** Drops the gauges of a deleted policy. */
  void policyDeleted(String policy) {
    PolicyGauges gauges = policies.remove(policy);
    if (gauges != null) {
      registry.remove(gauges.clusterGauge());
      registry.remove(gauges.objectGauge());
    }
  }

  void manifestWorkWritten(Operation operation) {
    Counter.builder(MANIFESTWORKS_WRITTEN)
        .description("ManifestWorks created, updated and deleted in the ITS")
        .tag("operation", operation.tag())
        .register(registry)
        .increment();
  }

  void statusReturned(Duration sinceFeedback) {
    statusReturn.record(sinceFeedback);
  }

  private PolicyGauges register(String policy) {
    AtomicInteger clusters = new AtomicInteger();
    AtomicInteger objects = new AtomicInteger();
    Gauge clusterGauge =
        Gauge.builder(POLICY_CLUSTERS, clusters, AtomicInteger::get)
            .description("Clusters a BindingPolicy places its objects on")
            .tag("policy", policy)
            .strongReference(true)
            .register(registry);
    Gauge objectGauge =
        Gauge.builder(POLICY_OBJECTS, objects, AtomicInteger::get)
            .description("Workload objects a BindingPolicy places")
            .tag("policy", policy)
            .strongReference(true)
            .register(registry);
    return new PolicyGauges(clusters, objects, clusterGauge, objectGauge);
  }
}
