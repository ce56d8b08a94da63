package dev.orrery.placement.match;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Evaluates one BindingPolicy against clusters and objects: a cluster is selected when any cluster
 * selector matches its labels; an object is selected when any downsync clause matches it and its
 * resource is downsyncable ({@link DownsyncFilter}). Pure and stateless; re-evaluating an object
 * with new Namespace labels gives the up-to-date answer.
 */
public final class PolicyMatcher {

  private final BindingPolicySpec spec;

  /** A matcher for the given (valid) policy spec. */
  public PolicyMatcher(BindingPolicySpec spec) {
    this.spec = spec;
  }

  /** The policy spec this matcher evaluates. */
  public BindingPolicySpec spec() {
    return spec;
  }

  /** Whether any cluster selector matches the cluster's labels (an empty list selects none). */
  public boolean selectsCluster(Cluster cluster) {
    return spec.clusterSelectors().stream().anyMatch(s -> s.matches(cluster.labels()));
  }

  /** Names of the selected clusters, sorted and unique. */
  public List<String> selectClusters(Collection<Cluster> clusters) {
    TreeSet<String> names = new TreeSet<>();
    for (Cluster cluster : clusters) {
      if (selectsCluster(cluster)) {
        names.add(cluster.name());
      }
    }
    return List.copyOf(names);
  }

  /**
   * The merged modulation of every clause that matches the object, or empty when no clause does or
   * the object's resource is never downsynced.
   */
  public Optional<Modulation> matchObject(WorkloadObject object) {
    WorkloadRef ref = object.ref();
    if (!DownsyncFilter.isDownsyncable(ref.group(), ref.resource())) {
      return Optional.empty();
    }
    Modulation merged = null;
    for (DownsyncClause clause : spec.downsync()) {
      if (clause.matches(object)) {
        merged = merged == null ? clause.modulation() : merged.merge(clause.modulation());
      }
    }
    return Optional.ofNullable(merged);
  }

  /** Selects clusters and objects; when objects repeat a reference the last one wins. */
  public PolicyMatch match(Collection<Cluster> clusters, Collection<WorkloadObject> objects) {
    Map<WorkloadRef, SelectedObject> selected = new TreeMap<>();
    for (WorkloadObject object : objects) {
      Optional<Modulation> modulation = matchObject(object);
      if (modulation.isPresent()) {
        selected.put(object.ref(), new SelectedObject(object, modulation.get()));
      } else {
        selected.remove(object.ref());
      }
    }
    return new PolicyMatch(selectClusters(clusters), List.copyOf(selected.values()));
  }
}
