package dev.orrery.placement.match;

import java.util.Collection;
import java.util.Set;

/**
 * The resources that are never downsynced, whatever a BindingPolicy says: whole API groups that
 * belong to the control plane or to the transport, a few core and storage resources that are
 * per-cluster by nature, subresources, and any resource whose API lacks list and watch.
 */
public final class DownsyncFilter {

  /** API groups never downsynced (the semantics page's list plus Orrery's own group). */
  public static final Set<String> EXCLUDED_GROUPS =
      Set.of(
          "flowcontrol.apiserver.k8s.io",
          "discovery.k8s.io",
          "apiregistration.k8s.io",
          "coordination.k8s.io",
          "control.kubestellar.io",
          "work.open-cluster-management.io",
          "cluster.open-cluster-management.io",
          "gitops.orrery.dev");

  /** Single resources never downsynced, as {@code group/resource} ({@code ""} group = core). */
  public static final Set<String> EXCLUDED_RESOURCES =
      Set.of(
          "/events",
          "/nodes",
          "/endpoints",
          "events.k8s.io/events",
          "storage.k8s.io/csistoragecapacities",
          "storage.k8s.io/csinodes");

  private DownsyncFilter() {}

  /** Whether objects of this group and resource may be downsynced at all (ignoring verbs). */
  public static boolean isDownsyncable(String group, String resource) {
    return !EXCLUDED_GROUPS.contains(group)
        && !EXCLUDED_RESOURCES.contains(group + "/" + resource)
        && !resource.contains("/");
  }

  /**
   * Whether a resource found by API discovery may be downsynced: not excluded and its API supports
   * both {@code list} and {@code watch}.
   */
  public static boolean isDownsyncable(String group, String resource, Collection<String> verbs) {
    return isDownsyncable(group, resource) && verbs.contains("list") && verbs.contains("watch");
  }
}
