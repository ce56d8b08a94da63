package dev.orrery.placement.binding;

import dev.orrery.placement.match.Modulation;
import dev.orrery.placement.match.WorkloadRef;
import java.util.Objects;

/**
 * One object entry of a Binding's {@code spec.workload} (clusterScope or namespaceScope).
 *
 * @param ref the object reference (group, preferred version, resource, namespace, name)
 * @param resourceVersion the object's resourceVersion when the Binding was computed
 * @param modulation the merged modulation of the policy's matching clauses
 */
public record BindingEntry(WorkloadRef ref, String resourceVersion, Modulation modulation) {

  /** Rejects nulls. */
  public BindingEntry {
    Objects.requireNonNull(ref, "ref");
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
    modulation = modulation == null ? Modulation.NONE : modulation;
  }
}
