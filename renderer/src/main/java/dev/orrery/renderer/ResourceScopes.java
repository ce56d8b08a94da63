package dev.orrery.renderer;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells cluster-scoped kinds from namespaced ones without a cluster: the built-in Kubernetes,
 * KubeStellar and Open Cluster Management cluster-scoped kinds, plus the kinds of {@code
 * CustomResourceDefinition}s with {@code spec.scope: Cluster} among the rendered objects. Any other
 * kind is assumed namespaced.
 */
final class ResourceScopes {

  private static final Set<String> BUILT_IN =
      Set.of(
          "/Namespace",
          "/Node",
          "/PersistentVolume",
          "/ComponentStatus",
          "rbac.authorization.k8s.io/ClusterRole",
          "rbac.authorization.k8s.io/ClusterRoleBinding",
          "apiextensions.k8s.io/CustomResourceDefinition",
          "apiregistration.k8s.io/APIService",
          "admissionregistration.k8s.io/MutatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
          "admissionregistration.k8s.io/MutatingAdmissionPolicy",
          "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
          "storage.k8s.io/StorageClass",
          "storage.k8s.io/CSIDriver",
          "storage.k8s.io/CSINode",
          "storage.k8s.io/VolumeAttachment",
          "storage.k8s.io/VolumeAttributesClass",
          "scheduling.k8s.io/PriorityClass",
          "node.k8s.io/RuntimeClass",
          "networking.k8s.io/IngressClass",
          "networking.k8s.io/IPAddress",
          "networking.k8s.io/ServiceCIDR",
          "certificates.k8s.io/CertificateSigningRequest",
          "certificates.k8s.io/ClusterTrustBundle",
          "flowcontrol.apiserver.k8s.io/FlowSchema",
          "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
          "resource.k8s.io/DeviceClass",
          "resource.k8s.io/ResourceSlice",
          "control.kubestellar.io/BindingPolicy",
          "control.kubestellar.io/Binding",
          "control.kubestellar.io/StatusCollector",
          "control.kubestellar.io/CustomTransform",
          "cluster.open-cluster-management.io/ManagedCluster",
          "cluster.open-cluster-management.io/ManagedClusterSet",
          "addon.open-cluster-management.io/ClusterManagementAddOn");

  private final Set<String> clusterScoped;

  private ResourceScopes(Set<String> clusterScoped) {
    this.clusterScoped = clusterScoped;
  }

  /** The built-in kinds plus cluster-scoped CRDs found among {@code objects}. */
  static ResourceScopes including(Collection<DesiredObject> objects) {
    Set<String> kinds = new HashSet<>(BUILT_IN);
    for (DesiredObject object : objects) {
      if (object.group().equals("apiextensions.k8s.io")
          && object.kind().equals("CustomResourceDefinition")
          && object.content().get("spec") instanceof Map<?, ?> spec
          && "Cluster".equals(spec.get("scope"))
          && spec.get("group") instanceof String group
          && spec.get("names") instanceof Map<?, ?> names
          && names.get("kind") instanceof String kind) {
        kinds.add(group + "/" + kind);
      }
    }
    return new ResourceScopes(kinds);
  }

  boolean isClusterScoped(String group, String kind) {
    return clusterScoped.contains(group + "/" + kind);
  }
}
