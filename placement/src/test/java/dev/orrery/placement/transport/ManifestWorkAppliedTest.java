package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestWorkAppliedTest {

  static Map<String, Object> work(long generation, String status, Long observed) {
    Map<String, Object> applied =
        observed == null
            ? Map.of("type", "Applied", "status", status)
            : Map.of("type", "Applied", "status", status, "observedGeneration", observed);
    return Map.of(
        "metadata", Map.of("name", "w", "generation", generation),
        "status",
            Map.of("conditions", List.of(Map.of("type", "Available", "status", "True"), applied)));
  }

  @Test
  void appliedOnlyWhenTheAgentReportsItAtTheCurrentGeneration() {
    assertThat(ManifestWorkReader.appliedAtGeneration(work(3, "True", 3L))).isTrue();
    assertThat(ManifestWorkReader.appliedAtGeneration(work(3, "True", 2L)))
        .as("applied an older spec")
        .isFalse();
    assertThat(ManifestWorkReader.appliedAtGeneration(work(3, "False", 3L))).isFalse();
    assertThat(ManifestWorkReader.appliedAtGeneration(work(3, "True", null))).isFalse();
    assertThat(ManifestWorkReader.appliedAtGeneration(Map.of("metadata", Map.of("generation", 1))))
        .as("no status yet")
        .isFalse();
    assertThat(ManifestWorkReader.appliedAtGeneration(null)).as("not in the cache yet").isFalse();
  }
}
