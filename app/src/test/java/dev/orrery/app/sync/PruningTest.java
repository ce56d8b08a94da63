package dev.orrery.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruningTest {
  static InventoryEntry configMap(String name) {
    return new InventoryEntry("v1", "ConfigMap", "configmaps", "a", name, "h");
  }

  @Test
  void onlyObjectsActuallyDeletedCountAsPrunedAndTheOthersAreReportedWithWhy() {
    Map<String, Pruner.Outcome> wds =
        Map.of(
            "deleted",
            Pruner.Outcome.DELETED,
            "gone",
            Pruner.Outcome.GONE,
            "taken",
            Pruner.Outcome.NOT_OURS);

    Pruning.Result result =
        Pruning.run(
            List.of(configMap("deleted"), configMap("gone"), configMap("taken")),
            entry -> wds.get(entry.name()));

    assertThat(result.pruned()).isEqualTo(1);
    assertThat(result.removed())
        .extracting(InventoryEntry::name)
        .as("all three leave the inventory")
        .containsExactly("deleted", "gone", "taken");
    assertThat(result.skipped())
        .containsExactly(
            "ConfigMap a/gone: already gone",
            "ConfigMap a/taken: not deleted, no longer labelled as this source's");
    assertThat(result.errors()).isEmpty();
  }

  @Test
  void aFailedPruneStaysInTheInventoryAsAnError() {
    Pruning.Result result =
        Pruning.run(
            List.of(configMap("x")),
            entry -> {
              throw new IllegalStateException("forbidden");
            });

    assertThat(result.pruned()).isZero();
    assertThat(result.removed()).isEmpty();
    assertThat(result.errors()).containsExactly("prune ConfigMap a/x: forbidden");
  }
}
