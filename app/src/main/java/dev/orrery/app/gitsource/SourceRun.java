package dev.orrery.app.gitsource;

import dev.orrery.app.sync.Inventory;
import dev.orrery.app.sync.InventoryEntry;
import dev.orrery.app.sync.Pruning;
import dev.orrery.app.sync.SyncPlan;
import dev.orrery.gitsource.GitCredentials;
import dev.orrery.renderer.RenderResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of one GitSource reconcile as it moves through the steps; each step fills its part. */
final class SourceRun {
  final GenericKubernetesResource source;
  final String namespace;
  final String name;
  final String key;
  final long generation;
  final GitSourceStatus previous;
  GitSourceSpec spec;
  GitCredentials credentials;
  String revision;

  /**
   * Said in the Ready message when the deletion guard could only look at objects, else {@code ""}.
   */
  String guardNote = "";

  RenderResult rendered;
  SyncPlan plan;
  KubernetesClient client;
  Map<String, InventoryEntry> inventory;
  int applied;
  int corrected;
  boolean driftChecked;
  final List<String> applyErrors = new ArrayList<>();
  Pruning.Result pruning = Pruning.Result.NONE;

  SourceRun(GenericKubernetesResource source) {
    this.source = source;
    this.namespace = source.getMetadata().getNamespace();
    this.name = source.getMetadata().getName();
    this.key = namespace + "/" + name;
    this.generation =
        source.getMetadata().getGeneration() == null ? 0 : source.getMetadata().getGeneration();
    this.previous = GitSourceStatus.parse(source.getAdditionalProperties().get("status"));
    this.inventory = new LinkedHashMap<>(previous.inventoryOrEmpty().entries());
  }

  /** {@code namespace.name}, the value of the source label on the objects it applied. */
  String owner() {
    return namespace + "." + name;
  }

  /** An annotation of the GitSource, or null. */
  String annotation(String annotationKey) {
    Map<String, String> a = source.getMetadata().getAnnotations();
    return a == null ? null : a.get(annotationKey);
  }

  /** Drift is re-checked once per interval, not on every event-driven reconcile. */
  boolean driftCheckDue(Instant now) {
    if (previous.lastDriftCheckTime() == null) {
      return true;
    }
    try {
      return Instant.parse(previous.lastDriftCheckTime())
          .plus(spec.interval())
          .minusSeconds(1)
          .isBefore(now);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** What applying and pruning did, or null when the reconcile did not get to apply. */
  SyncFacts facts() {
    if (plan == null || plan.rejected()) {
      return null;
    }
    return new SyncFacts(
        Inventory.of(List.copyOf(inventory.values())),
        applied,
        plan.unchanged().size(),
        corrected,
        driftChecked && applyErrors.isEmpty(),
        pruning.pruned(),
        pruning.skipped(),
        plan.deletionsHeld() ? plan.prune().size() : 0,
        plan.deletionsHeld() ? plan.guardMessage() : "",
        guardNote);
  }
}
