package dev.orrery.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.match.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusDocumentsAvailabilityTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private static PlacedObject placed(String cluster) {
    return new PlacedObject(
        cluster,
        new WorkloadRef("", "v1", "configmaps", "ns", "cm"),
        "ConfigMap",
        true,
        true,
        SHA,
        null,
        null,
        null);
  }

  @Test
  void anUnavailableClusterIsMarkedWithWhyInThePolicyFileAndTheSummary() {
    Map<String, byte[]> files =
        StatusDocuments.build(
            "d",
            "default",
            "fleet",
            SHA,
            Map.of("web", List.of(placed("c1"), placed("c2"))),
            Map.of(),
            Map.of("c2", "ManagedClusterConditionAvailable=Unknown (lease stopped)"));

    String policy = new String(files.get("d/policies/web.yaml"), StandardCharsets.UTF_8);
    assertThat(policy)
        .contains("clusterAvailable: false")
        .contains(
            "unavailableReason: \"ManagedClusterConditionAvailable=Unknown (lease stopped)\"");
    assertThat(policy.indexOf("clusterAvailable")).isGreaterThan(policy.indexOf("c2:"));
    assertThat(policy.substring(0, policy.indexOf("c2:"))).doesNotContain("clusterAvailable");
    String summary = new String(files.get("d/summary.yaml"), StandardCharsets.UTF_8);
    assertThat(summary).containsOnlyOnce("clusterAvailable: false");
  }

  @Test
  void withEveryClusterAvailableNoFileMentionsAvailability() {
    Map<String, List<PlacedObject>> byPolicy = Map.of("web", List.of(placed("c1")));
    StatusDocuments.build("d", "default", "fleet", SHA, byPolicy, Map.of(), Map.of())
        .values()
        .forEach(
            bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8))
                    .doesNotContain("clusterAvailable")
                    .doesNotContain("unavailableReason"));
  }
}
