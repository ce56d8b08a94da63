package dev.orrery.app.cli.status;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ManagedCluster of the ITS with its labels and the ManifestWorks in its mailbox namespace.
 *
 * @param name the cluster's name (and its mailbox namespace)
 * @param labels its labels, sorted by key
 * @param available the status of its {@code ManagedClusterConditionAvailable} condition (null: not
 *     reported)
 * @param works the ManifestWorks in its namespace, by name
 */
public record ClusterState(
    String name, Map<String, String> labels, String available, List<WorkState> works) {
  public ClusterState {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    works = List.copyOf(works);
  }
}
