package dev.orrery.renderer;

import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of a Kubernetes object: API group ({@code ""} for core), kind, namespace ({@code ""}
 * when none) and name. Ordered by group, kind, namespace, then name.
 */
public record ObjectKey(String group, String kind, String namespace, String name)
    implements Comparable<ObjectKey> {

  private static final Comparator<ObjectKey> ORDER =
      Comparator.comparing(ObjectKey::group)
          .thenComparing(ObjectKey::kind)
          .thenComparing(ObjectKey::namespace)
          .thenComparing(ObjectKey::name);

  /** Rejects nulls. */
  public ObjectKey {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public int compareTo(ObjectKey other) {
    return ORDER.compare(this, other);
  }

  /** For example {@code "apps/Deployment web/frontend"} or {@code "Namespace web"}. */
  @Override
  public String toString() {
    String type = group.isEmpty() ? kind : group + "/" + kind;
    String id = namespace.isEmpty() ? name : namespace + "/" + name;
    return type + " " + id;
  }
}
