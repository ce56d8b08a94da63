package dev.orrery.app.dashboard;

import dev.orrery.app.rollout.RolloutView;
import dev.orrery.app.rollout.RolloutViews;
import dev.orrery.placement.match.Unstructured;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dashboard's rollout pages as JSON maps, purely from BindingRevisions: the list of governed
 * BindingPolicies with their current rollout, and one rollout with its waves (clusters, their
 * revision and health), timings and failures.
 */
public final class RolloutPages {
  private static final List<String> TIMINGS =
      List.of("startedAt", "waveStartedAt", "waveHealthySince", "completedAt");

  private RolloutPages() {}

  /** One row per BindingPolicy that has BindingRevisions: its current rollout. */
  public static List<Map<String, Object>> list(List<GenericKubernetesResource> revisions) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (RolloutView v : RolloutViews.current(revisions)) {
      out.add(row(v));
    }
    return out;
  }

  /** The page of one BindingPolicy's current rollout, or empty when it has none. */
  public static Optional<Map<String, Object>> page(
      String bindingPolicy, List<GenericKubernetesResource> revisions) {
    Optional<GenericKubernetesResource> current =
        RolloutViews.current(revisions).stream()
            .filter(v -> v.bindingPolicy().equals(bindingPolicy))
            .findFirst()
            .flatMap(
                v ->
                    revisions.stream()
                        .filter(r -> bindingPolicy.equals(spec(r).get("binding")))
                        .filter(r -> number(r) == v.revision())
                        .findFirst());
    if (current.isEmpty()) {
      return Optional.empty();
    }
    RolloutView view = RolloutViews.of(current.get());
    Map<String, Object> status =
        Unstructured.asMap(current.get().getAdditionalProperties().get("status"));
    Map<String, Object> out = row(view);
    out.put("name", current.get().getMetadata().getName());
    out.put("contentHash", view.contentHash());
    out.put("sourceRevision", view.sourceRevision());
    Map<String, Object> timings = new LinkedHashMap<>();
    for (String t : TIMINGS) {
      if (status.get(t) != null) {
        timings.put(t, status.get(t).toString());
      }
    }
    out.put("timings", timings);
    out.put("waves", waves(view));
    out.put(
        "failures",
        view.failures().stream()
            .map(f -> Map.<String, Object>of("cluster", f.cluster(), "reason", f.reason()))
            .toList());
    out.put("actions", actions(view));
    return Optional.of(out);
  }

  private static Map<String, Object> row(RolloutView v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bindingPolicy", v.bindingPolicy());
    out.put("rolloutPolicy", v.rolloutPolicy());
    out.put("revision", v.revision());
    out.put("phase", v.phase());
    out.put("wave", v.waveText());
    out.put("currentWave", v.currentWave());
    out.put("waveCount", v.waveCount());
    out.put("updated", v.updatedText());
    out.put("message", v.message());
    return out;
  }

  private static List<Map<String, Object>> waves(RolloutView v) {
    Map<Integer, Map<String, Object>> byWave = new TreeMap<>();
    for (RolloutView.ClusterRollout c : v.clusters()) {
      Map<String, Object> wave =
          byWave.computeIfAbsent(
              c.wave(),
              n -> {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("number", n);
                w.put("name", c.waveName());
                w.put(
                    "state",
                    n < v.currentWave() || "Succeeded".equals(v.phase())
                        ? "passed"
                        : n == v.currentWave() ? "current" : "waiting");
                w.put("clusters", new ArrayList<Map<String, Object>>());
                return w;
              });
      Map<String, Object> cluster = new LinkedHashMap<>();
      cluster.put("name", c.name());
      cluster.put("revision", c.revision());
      cluster.put("current", c.revision().equals(v.contentHash()));
      cluster.put("health", c.health());
      cluster.put("reason", c.reason());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> clusters = (List<Map<String, Object>>) wave.get("clusters");
      clusters.add(cluster);
    }
    return List.copyOf(byWave.values());
  }

  /** The rollout actions that make sense in this phase. */
  private static List<String> actions(RolloutView v) {
    List<String> out = new ArrayList<>();
    switch (v.phase()) {
      case "Progressing", "Pending" -> out.addAll(List.of("pause", "promote", "abort"));
      case "Paused" -> out.addAll(List.of("resume", "promote", "abort"));
      case "Halted" -> out.addAll(List.of("promote", "abort"));
      default -> {}
    }
    return out;
  }

  private static long number(GenericKubernetesResource r) {
    return spec(r).get("revision") instanceof Number n ? n.longValue() : 0;
  }

  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return Unstructured.asMap(r.getAdditionalProperties().get("spec"));
  }
}
