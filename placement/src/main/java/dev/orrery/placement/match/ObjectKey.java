package dev.orrery.placement.match;

import java.util.Comparator;
import java.util.Objects;

/**
 * Version-independent identity of a workload object: API group, resource, namespace ({@code ""}
 * when cluster-scoped) and name. Two versions of one object share a key. Not the renderer's {@code
 * ObjectKey}, which names the kind: rendered files carry kinds, while placement watches, matches
 * and labels by resource (KubeStellar's Binding lists resources), and only discovery maps one to
 * the other.
 *
 * @param group API group, {@code ""} for the core group
 * @param resource lowercase plural resource name
 * @param namespace namespace, {@code ""} for cluster-scoped objects
 * @param name object name
 */
public record ObjectKey(String group, String resource, String namespace, String name)
    implements Comparable<ObjectKey> {

  private static final Comparator<ObjectKey> ORDER =
      Comparator.comparing(ObjectKey::group)
          .thenComparing(ObjectKey::resource)
          .thenComparing(ObjectKey::namespace)
          .thenComparing(ObjectKey::name);

  /** Rejects nulls; a missing namespace must be given as {@code ""}. */
  public ObjectKey {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** Whether the object is cluster-scoped (namespace {@code ""}). */
  public boolean isClusterScoped() {
    return namespace.isEmpty();
  }

  /**
   * A canonical string {@code group|resource|namespace|name}; {@code |} cannot occur in any part,
   * so distinct keys give distinct strings. Used for stable hashing: never change its format.
   */
  public String canonical() {
    return group + "|" + resource + "|" + namespace + "|" + name;
  }

  /** A readable form such as {@code deployments.apps default/web} or {@code namespaces ns1}. */
  public String describe() {
    String gr = group.isEmpty() ? resource : resource + "." + group;
    return gr + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }

  @Override
  public int compareTo(ObjectKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return describe();
  }
}
