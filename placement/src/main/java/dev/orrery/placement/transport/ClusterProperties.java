package dev.orrery.placement.transport;

import dev.orrery.placement.match.Cluster;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The template properties of one cluster, looked up in order: the data of the ConfigMap named after
 * the cluster in ITS namespace {@code customization-properties}, then the ManagedCluster's
 * annotations, then its labels, then {@code clusterName} (the cluster's name).
 *
 * @param clusterName the cluster name
 * @param configMapData the customization ConfigMap's data (empty when there is none)
 * @param annotations the ManagedCluster annotations
 * @param labels the ManagedCluster labels
 */
public record ClusterProperties(
    String clusterName,
    Map<String, String> configMapData,
    Map<String, String> annotations,
    Map<String, String> labels) {

  /** The ITS namespace that holds per-cluster customization ConfigMaps. */
  public static final String CONFIGMAP_NAMESPACE = "customization-properties";

  /**
   * The property that always resolves to the cluster name (unless shadowed earlier in the chain).
   */
  public static final String CLUSTER_NAME_KEY = "clusterName";

  /** Copies the maps. */
  public ClusterProperties {
    Objects.requireNonNull(clusterName, "clusterName");
    configMapData = configMapData == null ? Map.of() : Map.copyOf(configMapData);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** The properties of a cluster plus its customization ConfigMap's data (may be empty). */
  public static ClusterProperties of(Cluster cluster, Map<String, String> configMapData) {
    return new ClusterProperties(
        cluster.name(), configMapData, cluster.annotations(), cluster.labels());
  }

  /** The value of a property, following the lookup chain. */
  public Optional<String> lookup(String key) {
    if (configMapData.containsKey(key)) {
      return Optional.of(configMapData.get(key));
    }
    if (annotations.containsKey(key)) {
      return Optional.of(annotations.get(key));
    }
    if (labels.containsKey(key)) {
      return Optional.of(labels.get(key));
    }
    return CLUSTER_NAME_KEY.equals(key) ? Optional.of(clusterName) : Optional.empty();
  }
}
