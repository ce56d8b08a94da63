package dev.orrery.app.gitsource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitSourceStatusTest {
  @Test
  void aStatusReadAndWrittenBackKeepsItsFieldsAndLeavesAbsentOnesOut() {
    Map<String, Object> api = new LinkedHashMap<>();
    api.put("lastFetchedRevision", "b".repeat(40));
    api.put("lastFetchTime", "2026-12-06T12:00:00Z");
    api.put("lastWebhookTime", "2026-12-06T11:59:59Z");
    api.put("lastAppliedRevision", "a".repeat(40));
    api.put(
        "inventory",
        Map.of(
            "entries",
            List.of(
                Map.of(
                    "apiVersion",
                    "v1",
                    "kind",
                    "ConfigMap",
                    "resource",
                    "configmaps",
                    "namespace",
                    "a",
                    "name",
                    "one",
                    "hash",
                    "h1"))));
    api.put("appliedCount", 1);
    api.put("errors", List.of("x.yaml:3: bad"));
    api.put("observedGeneration", 4);
    api.put(
        "conditions",
        List.of(Map.of("type", "Ready", "status", "False", "reason", "RenderFailed")));

    GitSourceStatus status = GitSourceStatus.parse(api);

    assertThat(status.inventoryOrEmpty().size()).isEqualTo(1);
    assertThat(status.readyReason()).isEqualTo("RenderFailed");
    assertThat(status.fetchedNotApplied()).isTrue();
    assertThat(status.prunedCount()).isNull();
    assertThat(status.toMap())
        .containsOnlyKeys(api.keySet())
        .containsEntry("appliedCount", 1)
        .containsEntry("lastFetchTime", "2026-12-06T12:00:00Z")
        .containsEntry("lastWebhookTime", "2026-12-06T11:59:59Z")
        .containsEntry("inventory", api.get("inventory"))
        .containsEntry("errors", List.of("x.yaml:3: bad"));
    assertThat(GitSourceStatus.parse(status.toMap())).isEqualTo(status);
  }

  @Test
  void noStatusIsEmpty() {
    assertThat(GitSourceStatus.parse(null)).isEqualTo(GitSourceStatus.EMPTY);
    assertThat(GitSourceStatus.EMPTY.toMap()).containsOnlyKeys("conditions");
    assertThat(GitSourceStatus.EMPTY.readyReason()).isEmpty();
    assertThat(GitSourceStatus.EMPTY.fetchedNotApplied()).isFalse();
  }
}
