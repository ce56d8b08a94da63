package dev.orrery.app.plan;

import dev.orrery.placement.match.BindingPolicySpec;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.PolicyMatcher;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.rollout.RolloutPolicySpec;
import dev.orrery.placement.rollout.Wave;
import dev.orrery.placement.rollout.WavePlanner;
import dev.orrery.renderer.DesiredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which wave each cluster would be in, purely: for every BindingPolicy of a render that a
 * RolloutPolicy governs (one of the render's, or one already in the WDS that the render does not
 * replace), its destinations among {@code clusters} in waves, as Orrery would plan them ({@link
 * WavePlanner}). As Orrery does, the first valid RolloutPolicy by name governs.
 */
public final class RolloutWaves {
  private RolloutWaves() {}

  /** The waves of one governed BindingPolicy. */
  public record PolicyWaves(
      String bindingPolicy, String rolloutPolicy, String from, List<Wave> waves) {
    public PolicyWaves {
      waves = List.copyOf(waves);
    }
  }

  /**
   * The governed BindingPolicies, by name, and notes on RolloutPolicies that govern nothing because
   * their spec is invalid.
   */
  public record Result(List<PolicyWaves> policies, List<String> notes) {
    /** No RolloutPolicy governs anything. */
    public static final Result NONE = new Result(List.of(), List.of());

    public Result {
      policies = List.copyOf(policies);
      notes = List.copyOf(notes);
    }
  }

  private record Candidate(String name, String from, RolloutPolicySpec spec) {}

  /**
   * @param objects the render
   * @param clusters the inventory
   * @param wdsRolloutPolicies RolloutPolicies in the WDS (whole objects), empty when not known
   */
  public static Result of(
      List<DesiredObject> objects,
      List<Cluster> clusters,
      List<Map<String, Object>> wdsRolloutPolicies) {
    List<String> notes = new ArrayList<>();
    Map<String, Candidate> byName = new TreeMap<>();
    for (Map<String, Object> p : wdsRolloutPolicies) {
      String name = Unstructured.string(p, "metadata", "name").orElse("");
      candidate(name, "WDS", Unstructured.asMap(p.get("spec")), notes)
          .ifPresent(c -> byName.put(name, c));
    }
    for (DesiredObject o : objects) {
      if ("gitops.orrery.dev/v1alpha1".equals(o.apiVersion()) && "RolloutPolicy".equals(o.kind())) {
        byName.remove(o.name());
        candidate(o.name(), "repository", Unstructured.asMap(o.content().get("spec")), notes)
            .ifPresent(c -> byName.put(o.name(), c));
      }
    }
    if (byName.isEmpty()) {
      return new Result(List.of(), notes);
    }
    Map<String, PolicyWaves> out = new TreeMap<>();
    for (DesiredObject o : objects) {
      if (!"control.kubestellar.io/v1alpha1".equals(o.apiVersion())
          || !"BindingPolicy".equals(o.kind())) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Unstructured.asMap(Unstructured.asMap(o.content().get("metadata")).get("labels"))
          .forEach((k, v) -> labels.put(k, String.valueOf(v)));
      Candidate governing =
          byName.values().stream()
              .filter(c -> c.spec().governs(o.name(), labels))
              .findFirst()
              .orElse(null);
      Parsed<BindingPolicySpec> policy =
          BindingPolicySpec.parse(Unstructured.asMap(o.content().get("spec")));
      if (governing == null || !policy.isValid()) {
        continue;
      }
      List<String> selected =
          new PolicyMatcher(policy.value()).match(clusters, List.of()).clusters();
      List<Cluster> destinations =
          clusters.stream().filter(c -> selected.contains(c.name())).toList();
      out.put(
          o.name(),
          new PolicyWaves(
              o.name(),
              governing.name(),
              governing.from(),
              WavePlanner.plan(governing.spec().strategy(), destinations)));
    }
    return new Result(List.copyOf(out.values()), notes);
  }

  private static java.util.Optional<Candidate> candidate(
      String name, String from, Map<String, Object> spec, List<String> notes) {
    Parsed<RolloutPolicySpec> parsed = RolloutPolicySpec.parse(spec);
    if (parsed.value() == null) {
      notes.add(
          "RolloutPolicy "
              + name
              + " ("
              + from
              + ") governs nothing, its spec is invalid: "
              + String.join("; ", parsed.errors()));
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Candidate(name, from, parsed.value()));
  }
}
