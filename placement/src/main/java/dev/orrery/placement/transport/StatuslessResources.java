package dev.orrery.placement.transport;

import java.util.Set;

/**
 * Built-in Kubernetes resources whose objects have no {@code .status}: asking the work agent to
 * return it for them costs every ManifestWork bytes (a feedback rule per object) and returns
 * nothing. Every other resource, custom resources included, may have one.
 */
public final class StatuslessResources {
  private static final Set<String> STATUSLESS =
      Set.of(
          "/configmaps",
          "/secrets",
          "/serviceaccounts",
          "/endpoints",
          "/limitranges",
          "/podtemplates",
          "/events",
          "apps/controllerrevisions",
          "discovery.k8s.io/endpointslices",
          "rbac.authorization.k8s.io/roles",
          "rbac.authorization.k8s.io/rolebindings",
          "rbac.authorization.k8s.io/clusterroles",
          "rbac.authorization.k8s.io/clusterrolebindings",
          "scheduling.k8s.io/priorityclasses",
          "storage.k8s.io/storageclasses",
          "storage.k8s.io/csidrivers",
          "networking.k8s.io/ingressclasses",
          "node.k8s.io/runtimeclasses",
          "coordination.k8s.io/leases",
          "admissionregistration.k8s.io/mutatingwebhookconfigurations",
          "admissionregistration.k8s.io/validatingwebhookconfigurations");

  private StatuslessResources() {}

  /** Whether objects of {@code group}/{@code resource} never have a {@code .status}. */
  public static boolean contains(String group, String resource) {
    return STATUSLESS.contains(group + "/" + resource);
  }
}
