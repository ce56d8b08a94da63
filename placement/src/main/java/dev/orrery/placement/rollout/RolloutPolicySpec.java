package dev.orrery.placement.rollout;

import dev.orrery.controller.GoDurations;
import dev.orrery.placement.match.LabelSelector;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.Unstructured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spec of a RolloutPolicy ({@code gitops.orrery.dev/v1alpha1}): which BindingPolicies it
 * governs, the decision groups, the rollout strategy (OCM's {@code rolloutStrategy} shape), what a
 * failure does, health rules for custom kinds, and whether it is paused.
 *
 * @param bindingPolicyNames BindingPolicies governed by name
 * @param bindingPolicySelector BindingPolicies governed by label (empty when not given)
 * @param strategy the strategy
 * @param healthChecks health rules for kinds without a built-in one
 * @param paused whether every rollout it governs is paused
 */
public record RolloutPolicySpec(
    List<String> bindingPolicyNames,
    Optional<LabelSelector> bindingPolicySelector,
    RolloutStrategy strategy,
    List<HealthCheck> healthChecks,
    boolean paused) {

  /** Copies the lists. */
  public RolloutPolicySpec {
    bindingPolicyNames = List.copyOf(bindingPolicyNames);
    healthChecks = List.copyOf(healthChecks);
  }

  /** Whether this policy governs the BindingPolicy with this name and these labels. */
  public boolean governs(String bindingPolicy, Map<String, String> labels) {
    return bindingPolicyNames.contains(bindingPolicy)
        || bindingPolicySelector.map(s -> s.matches(labels)).orElse(false);
  }

  /** Parses a JSON-decoded spec; every problem is reported with its field path. */
  public static Parsed<RolloutPolicySpec> parse(Map<String, Object> spec) {
    List<String> errors = new ArrayList<>();
    Map<String, Object> targets = Unstructured.map(spec, "bindingPolicies").orElse(Map.of());
    List<String> names = strings(targets.get("names"), "spec.bindingPolicies.names", errors);
    Optional<LabelSelector> selector = Optional.empty();
    if (targets.get("selector") != null) {
      Parsed<LabelSelector> parsed = LabelSelector.parse(targets.get("selector"));
      parsed.errors().forEach(e -> errors.add("spec.bindingPolicies." + e));
      selector = Optional.ofNullable(parsed.value());
    }
    if (names.isEmpty() && selector.isEmpty()) {
      errors.add("spec.bindingPolicies: name at least one BindingPolicy (names or selector)");
    }
    List<DecisionGroup> groups = groups(spec.get("decisionGroups"), errors);
    RolloutStrategy strategy = strategy(spec, groups, errors);
    List<HealthCheck> checks = healthChecks(spec.get("healthChecks"), errors);
    boolean paused = Boolean.TRUE.equals(spec.get("paused"));
    return errors.isEmpty()
        ? Parsed.ok(new RolloutPolicySpec(names, selector, strategy, checks, paused))
        : Parsed.failed(errors);
  }

  private static List<DecisionGroup> groups(Object raw, List<String> errors) {
    List<DecisionGroup> groups = new ArrayList<>();
    if (raw == null) {
      return groups;
    }
    if (!(raw instanceof List<?> list)) {
      errors.add("spec.decisionGroups: must be a list");
      return groups;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "spec.decisionGroups[" + i + "]";
      Map<String, Object> g = Unstructured.asMap(list.get(i));
      String name = g.get("groupName") instanceof String s ? s : "";
      if (name.isEmpty()) {
        errors.add(path + ".groupName: required");
        continue;
      }
      if (!seen.add(name)) {
        errors.add(path + ".groupName: '" + name + "' is used twice");
      }
      Object selector =
          Unstructured.value(g, "groupClusterSelector", "labelSelector").orElse(Map.of());
      Parsed<LabelSelector> parsed = LabelSelector.parse(selector);
      parsed.errors().forEach(e -> errors.add(path + ".groupClusterSelector.label" + cap(e)));
      if (parsed.value() != null) {
        groups.add(new DecisionGroup(name, parsed.value()));
      }
    }
    return groups;
  }

  private static RolloutStrategy strategy(
      Map<String, Object> spec, List<DecisionGroup> groups, List<String> errors) {
    Map<String, Object> raw = Unstructured.map(spec, "rolloutStrategy").orElse(Map.of());
    String typeName = raw.get("type") instanceof String s ? s : "All";
    Optional<RolloutStrategy.Type> type = RolloutStrategy.Type.of(typeName);
    if (type.isEmpty()) {
      errors.add(
          "spec.rolloutStrategy.type: must be All, Progressive or ProgressivePerGroup, got '"
              + typeName
              + "'");
      return RolloutStrategy.ALL;
    }
    String configField =
        switch (type.get()) {
          case ALL -> "all";
          case PROGRESSIVE -> "progressive";
          case PROGRESSIVE_PER_GROUP -> "progressivePerGroup";
        };
    String path = "spec.rolloutStrategy." + configField;
    Map<String, Object> config = Unstructured.map(raw, configField).orElse(Map.of());
    List<String> mandatory = new ArrayList<>();
    if (config.get("mandatoryDecisionGroups") instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Object name = Unstructured.asMap(list.get(i)).get("groupName");
        if (!(name instanceof String n) || groups.stream().noneMatch(g -> g.name().equals(n))) {
          errors.add(
              path
                  + ".mandatoryDecisionGroups["
                  + i
                  + "].groupName: no decision group named '"
                  + name
                  + "'");
        } else {
          mandatory.add(n);
        }
      }
    }
    Optional<ClusterCount> maxConcurrency =
        config.get("maxConcurrency") == null
            ? Optional.empty()
            : Optional.of(
                ClusterCount.parse(
                    config.get("maxConcurrency"),
                    path + ".maxConcurrency",
                    ClusterCount.ZERO,
                    errors));
    if (maxConcurrency.isPresent() && maxConcurrency.get().value() == 0) {
      errors.add(path + ".maxConcurrency: must be at least 1 (or 1%)");
    }
    Duration soak = duration(config.get("minSuccessTime"), path + ".minSuccessTime", errors);
    Optional<Duration> deadline =
        config.get("progressDeadline") == null || "None".equals(config.get("progressDeadline"))
            ? Optional.empty()
            : Optional.of(
                duration(config.get("progressDeadline"), path + ".progressDeadline", errors));
    ClusterCount maxFailures =
        ClusterCount.parse(
            config.get("maxFailures"), path + ".maxFailures", ClusterCount.ZERO, errors);
    String onFailureName = spec.get("onFailure") instanceof String s ? s : "Halt";
    Optional<RolloutStrategy.OnFailure> onFailure = RolloutStrategy.OnFailure.of(onFailureName);
    if (onFailure.isEmpty()) {
      errors.add("spec.onFailure: must be Halt or Rollback, got '" + onFailureName + "'");
    }
    return new RolloutStrategy(
        type.get(),
        groups,
        mandatory,
        maxConcurrency,
        soak,
        deadline,
        maxFailures,
        onFailure.orElse(RolloutStrategy.OnFailure.HALT));
  }

  private static List<HealthCheck> healthChecks(Object raw, List<String> errors) {
    List<HealthCheck> checks = new ArrayList<>();
    if (!(raw instanceof List<?> list)) {
      if (raw != null) {
        errors.add("spec.healthChecks: must be a list");
      }
      return checks;
    }
    for (int i = 0; i < list.size(); i++) {
      String path = "spec.healthChecks[" + i + "]";
      Map<String, Object> c = Unstructured.asMap(list.get(i));
      String apiVersion = c.get("apiVersion") instanceof String s ? s : "";
      String kind = c.get("kind") instanceof String s ? s : "";
      String current = c.get("current") instanceof String s ? s : "";
      String failed = c.get("failed") instanceof String s ? s : null;
      if (apiVersion.isEmpty() || kind.isEmpty() || current.isEmpty()) {
        errors.add(path + ": apiVersion, kind and current are required");
        continue;
      }
      var currentAst = HealthCel.compile(current, path + ".current", errors);
      var failedAst =
          failed == null
              ? Optional.<dev.cel.common.CelAbstractSyntaxTree>empty()
              : HealthCel.compile(failed, path + ".failed", errors);
      if (currentAst.isPresent() && (failed == null || failedAst.isPresent())) {
        checks.add(
            HealthCheck.compiled(
                apiVersion, kind, current, currentAst.get(), failed, failedAst.orElse(null)));
      }
    }
    return checks;
  }

  private static Duration duration(Object raw, String path, List<String> errors) {
    if (raw == null) {
      return Duration.ZERO;
    }
    try {
      return GoDurations.parse(raw.toString());
    } catch (IllegalArgumentException e) {
      errors.add(path + ": " + e.getMessage());
      return Duration.ZERO;
    }
  }

  private static List<String> strings(Object raw, String path, List<String> errors) {
    List<String> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> list)) {
      errors.add(path + ": must be a list of names");
      return out;
    }
    for (Object o : list) {
      if (o instanceof String s && !s.isEmpty()) {
        out.add(s);
      } else {
        errors.add(path + ": every entry must be a non-empty name");
      }
    }
    return out;
  }

  private static String cap(String selectorError) {
    // LabelSelector reports "selector...": nest it under labelSelector.
    return selectorError.startsWith("selector") ? "S" + selectorError.substring(1) : selectorError;
  }
}
