package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.placement.match.Unstructured;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * Waits for what a WEC's OCM work agent has recorded as applied (its AppliedManifestWorks' {@code
 * status.appliedResources}). A test that removes an object from a ManifestWork waits for this
 * first: OCM 1.2's agent forgets an object removed before that record is written, and leaves it on
 * the WEC.
 */
final class WorkAgentRecords {
  private WorkAgentRecords() {}

  /** Waits until {@code wec}'s work agent has recorded {@code resource namespace/name}. */
  static void awaitRecorded(
      KubernetesClient wec, String resource, String namespace, String name, Duration wait) {
    await()
        .atMost(wait)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        wec
                            .genericKubernetesResources(
                                "work.open-cluster-management.io/v1", "AppliedManifestWork")
                            .list()
                            .getItems()
                            .stream()
                            .flatMap(
                                w ->
                                    ((List<?>)
                                            Unstructured.asMap(
                                                    w.getAdditionalProperties().get("status"))
                                                .getOrDefault("appliedResources", List.of()))
                                        .stream())
                            .map(Unstructured::asMap)
                            .anyMatch(
                                r ->
                                    resource.equals(r.get("resource"))
                                        && namespace.equals(r.get("namespace"))
                                        && name.equals(r.get("name"))))
                    .as("%s %s/%s recorded by the work agent", resource, namespace, name)
                    .isTrue());
  }
}
