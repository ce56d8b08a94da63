package dev.orrery.placement.match;

import java.util.Comparator;
import java.util.Objects;

/**
 * Reference to a workload object in the WDS, with the version the WDS prefers for its resource.
 * Ordered by group, version, resource, then namespace and name (the Binding's entry order).
 *
 * @param group API group, {@code ""} for the core group
 * @param version the WDS's preferred version of the resource
 * @param resource lowercase plural resource name
 * @param namespace namespace, {@code ""} for cluster-scoped objects
 * @param name object name
 */
public record WorkloadRef(
    String group, String version, String resource, String namespace, String name)
    implements Comparable<WorkloadRef> {

  private static final Comparator<WorkloadRef> ORDER =
      Comparator.comparing(WorkloadRef::group)
          .thenComparing(WorkloadRef::version)
          .thenComparing(WorkloadRef::resource)
          .thenComparing(WorkloadRef::namespace)
          .thenComparing(WorkloadRef::name);

  /** Rejects nulls; a missing namespace must be given as {@code ""}. */
  public WorkloadRef {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** Whether the object is cluster-scoped. */
  public boolean isClusterScoped() {
    return namespace.isEmpty();
  }

  /** The version-independent identity. */
  public ObjectKey key() {
    return new ObjectKey(group, resource, namespace, name);
  }

  @Override
  public int compareTo(WorkloadRef other) {
    return ORDER.compare(this, other);
  }
}
