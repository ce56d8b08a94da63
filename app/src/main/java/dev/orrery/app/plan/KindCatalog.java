package dev.orrery.app.plan;

import dev.orrery.renderer.DesiredObject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resource names and scopes of kinds, offline (no API server): the built-in Kubernetes, KubeStellar
 * and OCM kinds, plus the CRDs found in the same render. Unknown kinds fall back to the
 * conventional lowercase plural and namespaced scope, and are reported as guesses.
 */
final class KindCatalog {
  /** A kind's plural resource name and whether it is namespaced. */
  record Kind(String resource, boolean namespaced, boolean guessed) {}

  private static final Map<String, Kind> BUILT_IN = new HashMap<>();

  static {
    builtIn(
        "v1",
        true,
        "ConfigMap:configmaps",
        "Secret:secrets",
        "Service:services",
        "ServiceAccount:serviceaccounts",
        "Pod:pods",
        "PersistentVolumeClaim:persistentvolumeclaims",
        "Endpoints:endpoints",
        "Event:events",
        "LimitRange:limitranges",
        "ResourceQuota:resourcequotas",
        "ReplicationController:replicationcontrollers");
    builtIn(
        "v1", false, "Namespace:namespaces", "Node:nodes", "PersistentVolume:persistentvolumes");
    builtIn(
        "apps/v1",
        true,
        "Deployment:deployments",
        "StatefulSet:statefulsets",
        "DaemonSet:daemonsets",
        "ReplicaSet:replicasets",
        "ControllerRevision:controllerrevisions");
    builtIn("batch/v1", true, "Job:jobs", "CronJob:cronjobs");
    builtIn("networking.k8s.io/v1", true, "Ingress:ingresses", "NetworkPolicy:networkpolicies");
    builtIn("networking.k8s.io/v1", false, "IngressClass:ingressclasses");
    builtIn("rbac.authorization.k8s.io/v1", true, "Role:roles", "RoleBinding:rolebindings");
    builtIn(
        "rbac.authorization.k8s.io/v1",
        false,
        "ClusterRole:clusterroles",
        "ClusterRoleBinding:clusterrolebindings");
    builtIn("policy/v1", true, "PodDisruptionBudget:poddisruptionbudgets");
    builtIn("autoscaling/v2", true, "HorizontalPodAutoscaler:horizontalpodautoscalers");
    builtIn("autoscaling/v1", true, "HorizontalPodAutoscaler:horizontalpodautoscalers");
    builtIn("storage.k8s.io/v1", false, "StorageClass:storageclasses", "CSIDriver:csidrivers");
    builtIn("scheduling.k8s.io/v1", false, "PriorityClass:priorityclasses");
    builtIn("apiextensions.k8s.io/v1", false, "CustomResourceDefinition:customresourcedefinitions");
    builtIn(
        "admissionregistration.k8s.io/v1",
        false,
        "ValidatingWebhookConfiguration:validatingwebhookconfigurations",
        "MutatingWebhookConfiguration:mutatingwebhookconfigurations");
    builtIn(
        "control.kubestellar.io/v1alpha1",
        false,
        "BindingPolicy:bindingpolicies",
        "Binding:bindings",
        "StatusCollector:statuscollectors",
        "CustomTransform:customtransforms");
    builtIn("control.kubestellar.io/v1alpha1", true, "CombinedStatus:combinedstatuses");
    builtIn("gitops.orrery.dev/v1alpha1", true, "GitSource:gitsources");
    builtIn("cluster.open-cluster-management.io/v1", false, "ManagedCluster:managedclusters");
  }

  private final Map<String, Kind> fromCrds = new HashMap<>();

  KindCatalog(List<DesiredObject> rendered) {
    for (DesiredObject o : rendered) {
      if (!"apiextensions.k8s.io/v1".equals(o.apiVersion())
          || !"CustomResourceDefinition".equals(o.kind())) {
        continue;
      }
      Map<?, ?> spec = o.content().get("spec") instanceof Map<?, ?> m ? m : Map.of();
      Map<?, ?> names = spec.get("names") instanceof Map<?, ?> m ? m : Map.of();
      if (spec.get("versions") instanceof List<?> versions) {
        for (Object v : versions) {
          if (v instanceof Map<?, ?> version) {
            fromCrds.put(
                spec.get("group") + "/" + version.get("name") + "|" + names.get("kind"),
                new Kind(
                    String.valueOf(names.get("plural")),
                    "Namespaced".equals(spec.get("scope")),
                    false));
          }
        }
      }
    }
  }

  Kind lookup(String apiVersion, String kind) {
    String key = apiVersion + "|" + kind;
    return Optional.ofNullable(BUILT_IN.get(key))
        .or(() -> Optional.ofNullable(fromCrds.get(key)))
        .orElseGet(() -> new Kind(pluralize(kind), true, true));
  }

  static String pluralize(String kind) {
    String k = kind.toLowerCase(Locale.ROOT);
    if (k.endsWith("s") || k.endsWith("x") || k.endsWith("ch") || k.endsWith("sh")) {
      return k + "es";
    }
    if (k.endsWith("y") && k.length() > 1 && "aeiou".indexOf(k.charAt(k.length() - 2)) < 0) {
      return k.substring(0, k.length() - 1) + "ies";
    }
    return k + "s";
  }

  private static void builtIn(String apiVersion, boolean namespaced, String... kinds) {
    for (String k : kinds) {
      String[] parts = k.split(":");
      BUILT_IN.put(apiVersion + "|" + parts[0], new Kind(parts[1], namespaced, false));
    }
  }
}
