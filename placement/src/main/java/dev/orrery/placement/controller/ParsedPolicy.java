package dev.orrery.placement.controller;

import dev.orrery.placement.match.BindingPolicySpec;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.PolicyMatcher;
import dev.orrery.placement.match.Unstructured;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Optional;

/**
 * A BindingPolicy's typed spec as of one resourceVersion, with its matcher when the spec is valid:
 * parsed once per version by {@link PlacementCaches}, not on every object or cluster event.
 */
record ParsedPolicy(String name, String resourceVersion, Parsed<BindingPolicySpec> spec) {

  static ParsedPolicy of(GenericKubernetesResource policy) {
    return of(
        policy.getMetadata().getName(),
        policy.getMetadata().getResourceVersion(),
        Unstructured.asMap(policy.getAdditionalProperties().get("spec")));
  }

  static ParsedPolicy of(String name, String resourceVersion, Map<String, Object> spec) {
    return new ParsedPolicy(name, resourceVersion, BindingPolicySpec.parse(spec));
  }

  /** The matcher of a valid spec; empty when the spec is invalid. */
  Optional<PolicyMatcher> matcher() {
    return spec.isValid() ? Optional.of(new PolicyMatcher(spec.value())) : Optional.empty();
  }
}
