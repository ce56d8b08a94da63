package dev.orrery.placement.controller;

import dev.orrery.controller.EventRecorder;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.match.Unstructured;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records Kubernetes Events on BindingPolicies when their state changes, never on a resync: each
 * reconcile's state is compared with the one this process last saw, or, for a policy it has not
 * reconciled yet (e.g. after a restart), with the state its stored status and Binding record.
 */
final class PolicyEvents {
  private final EventRecorder recorder;
  private final Map<String, PolicyState> last = new ConcurrentHashMap<>();

  PolicyEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  /**
   * A reconcile of {@code policy} ended in {@code now}; {@code storedBinding} is its Binding before
   * it (or null).
   */
  void reconciled(GenericKubernetesResource policy, BindingContent storedBinding, PolicyState now) {
    String name = policy.getMetadata().getName();
    PolicyState before = last.get(name);
    if (before == null) {
      before =
          PolicyState.stored(
                  Unstructured.asMap(policy.getAdditionalProperties().get("status")), storedBinding)
              .orElse(null);
    }
    for (PolicyStateEvents.PolicyEvent e : PolicyStateEvents.between(before, now)) {
      recorder.record(policy, e.warning(), e.reason(), e.message());
    }
    last.put(name, now);
  }

  /** Forgets a deleted policy. */
  void forget(String policy) {
    last.remove(policy);
  }
}
