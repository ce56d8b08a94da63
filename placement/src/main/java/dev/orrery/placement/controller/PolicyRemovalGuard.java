package dev.orrery.placement.controller;

import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.DeletionGuard;
import dev.orrery.placement.binding.Placement;
import dev.orrery.placement.binding.PlacementDiff;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Orrery's opt-in deletion guard on BindingPolicies. KubeStellar removes de-selected objects from
 * their WECs at once, and so does Orrery by default; a policy annotated {@value
 * Apis#GUARD_REMOVALS_ANNOTATION}{@code : "true"} (or every policy, when the service is configured
 * so) has a change held that would de-select more than the guard's share of its placements of
 * objects and clusters that still exist, until annotation {@value Apis#CONFIRM_REMOVALS_ANNOTATION}
 * carries the hold's token.
 */
final class PolicyRemovalGuard {
  private final DeletionGuard guard;
  private final boolean guardAll;

  PolicyRemovalGuard(DeletionGuard guard, boolean guardAll) {
    this.guard = guard;
    this.guardAll = guardAll;
  }

  /** Whether the guard applies to this policy. */
  boolean appliesTo(GenericKubernetesResource policy) {
    return guardAll || "true".equals(annotations(policy).get(Apis.GUARD_REMOVALS_ANNOTATION));
  }

  /**
   * Why the change from {@code before} to {@code next} is held, or empty.
   *
   * @param stillThere whether a removed placement's object and cluster both still exist (removals
   *     because an object or a cluster is gone are never held)
   */
  Optional<String> holdReason(
      GenericKubernetesResource policy,
      BindingContent before,
      BindingContent next,
      Predicate<Placement> stillThere) {
    if (before == null || !appliesTo(policy)) {
      return Optional.empty();
    }
    List<Placement> deselected =
        PlacementDiff.between(before, next).removed().stream().filter(stillThere).toList();
    int total = before.placements().size();
    if (!guard.holds(deselected.size(), total)) {
      return Optional.empty();
    }
    String token = Integer.toHexString(deselected.hashCode());
    if (token.equals(annotations(policy).get(Apis.CONFIRM_REMOVALS_ANNOTATION))) {
      return Optional.empty();
    }
    return Optional.of(
        "deletion guard: this change "
            + guard.describe(deselected.size(), total, "placements")
            + ", e.g. "
            + deselected.get(0).object().describe()
            + " from "
            + deselected.get(0).cluster()
            + "; confirm with annotation "
            + Apis.CONFIRM_REMOVALS_ANNOTATION
            + "="
            + token);
  }

  private static Map<String, String> annotations(GenericKubernetesResource policy) {
    Map<String, String> annotations = policy.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }
}
