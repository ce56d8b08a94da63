package dev.orrery.placement.binding;

import dev.orrery.placement.match.ObjectKey;
import java.util.Comparator;
import java.util.Objects;

/**
 * One object delivered to one cluster.
 *
 * @param cluster the cluster name
 * @param object the object identity
 */
public record Placement(String cluster, ObjectKey object) implements Comparable<Placement> {

  private static final Comparator<Placement> ORDER =
      Comparator.comparing(Placement::cluster).thenComparing(Placement::object);

  /** Rejects nulls. */
  public Placement {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(object, "object");
  }

  @Override
  public int compareTo(Placement other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return cluster + ": " + object.describe();
  }
}
