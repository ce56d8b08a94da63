package dev.orrery.app.rollout;

import dev.orrery.app.rollout.RolloutView.ClusterRollout;
import dev.orrery.app.rollout.RolloutView.Failure;
import dev.orrery.placement.match.Unstructured;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link RolloutView}s out of BindingRevisions ({@code gitops.orrery.dev/v1alpha1}), purely.
 * A Binding's current revision is the one with the highest {@code spec.revision} that no newer one
 * replaced ({@code status.replacedBy} unset).
 */
public final class RolloutViews {
  private RolloutViews() {}

  /** The current rollout of every Binding among {@code revisions}, by BindingPolicy name. */
  public static List<RolloutView> current(List<GenericKubernetesResource> revisions) {
    Map<String, GenericKubernetesResource> newest = new LinkedHashMap<>();
    for (GenericKubernetesResource r : revisions) {
      if (!replacedBy(r).isEmpty()) {
        continue;
      }
      String binding = Unstructured.string(spec(r), "binding").orElse("");
      if (binding.isEmpty()) {
        continue;
      }
      GenericKubernetesResource seen = newest.get(binding);
      if (seen == null || number(r) > number(seen)) {
        newest.put(binding, r);
      }
    }
    return newest.values().stream()
        .map(RolloutViews::of)
        .sorted(Comparator.comparing(RolloutView::bindingPolicy))
        .toList();
  }

  /** The current rollout of one BindingPolicy, if it has one. */
  public static Optional<RolloutView> currentOf(
      String bindingPolicy, List<GenericKubernetesResource> revisions) {
    return current(revisions).stream()
        .filter(v -> v.bindingPolicy().equals(bindingPolicy))
        .findFirst();
  }

  /** One BindingRevision as a view. */
  public static RolloutView of(GenericKubernetesResource revision) {
    Map<String, Object> spec = spec(revision);
    Map<String, Object> status = status(revision);
    Map<Integer, String> waveNames = new LinkedHashMap<>();
    if (status.get("waves") instanceof List<?> waves) {
      for (int i = 0; i < waves.size(); i++) {
        waveNames.put(
            i + 1, Unstructured.string(Unstructured.asMap(waves.get(i)), "name").orElse(""));
      }
    }
    List<ClusterRollout> clusters = new ArrayList<>();
    if (status.get("clusters") instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> c = Unstructured.asMap(o);
        int wave = integer(c.get("wave"));
        clusters.add(
            new ClusterRollout(
                text(c, "name"),
                wave,
                waveNames.getOrDefault(wave, ""),
                text(c, "revision"),
                Unstructured.string(c, "health").orElse("Unknown"),
                text(c, "reason")));
      }
    }
    List<Failure> failures = new ArrayList<>();
    if (status.get("failures") instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> f = Unstructured.asMap(o);
        failures.add(new Failure(text(f, "cluster"), text(f, "reason")));
      }
    }
    return new RolloutView(
        text(spec, "binding"),
        text(status, "rolloutPolicy"),
        number(revision),
        text(spec, "contentHash"),
        text(spec, "sourceRevision"),
        Unstructured.string(status, "phase").orElse("Pending"),
        integer(status.get("currentWave")),
        integer(status.get("waveCount")),
        integer(status.get("updatedClusters")),
        status.get("totalClusters") == null
            ? clusters.size()
            : integer(status.get("totalClusters")),
        text(status, "message"),
        clusters,
        failures);
  }

  private static String replacedBy(GenericKubernetesResource r) {
    return text(status(r), "replacedBy");
  }

  private static long number(GenericKubernetesResource r) {
    return spec(r).get("revision") instanceof Number n ? n.longValue() : 0;
  }

  private static int integer(Object raw) {
    return raw instanceof Number n ? n.intValue() : 0;
  }

  private static String text(Map<String, Object> map, String key) {
    Object v = map.get(key);
    return v == null ? "" : v.toString();
  }

  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return Unstructured.asMap(r.getAdditionalProperties().get("spec"));
  }

  private static Map<String, Object> status(GenericKubernetesResource r) {
    return Unstructured.asMap(r.getAdditionalProperties().get("status"));
  }
}
