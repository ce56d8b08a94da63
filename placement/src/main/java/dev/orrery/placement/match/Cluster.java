package dev.orrery.placement.match;

import java.util.Map;
import java.util.Objects;

/**
 * A workload execution cluster as seen through its ManagedCluster in the ITS.
 *
 * @param name the cluster name (ManagedCluster name = mailbox namespace = clusterId)
 * @param labels the ManagedCluster labels (placement attributes)
 * @param annotations the ManagedCluster annotations (template properties)
 */
public record Cluster(String name, Map<String, String> labels, Map<String, String> annotations) {

  /** Copies the maps. */
  public Cluster {
    Objects.requireNonNull(name, "name");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** Reads name, labels and annotations from a JSON-decoded ManagedCluster. */
  public static Cluster fromManagedCluster(Map<String, Object> managedCluster) {
    return new Cluster(
        Unstructured.string(managedCluster, "metadata", "name").orElse(""),
        Unstructured.stringMap(managedCluster, "metadata", "labels"),
        Unstructured.stringMap(managedCluster, "metadata", "annotations"));
  }
}
