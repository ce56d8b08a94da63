package dev.orrery.placement.controller;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The KubeStellar and OCM resource types placement reads and writes, spelled as upstream does. */
public final class Apis {
  private Apis() {}

  public static final String CONTROL_GROUP = "control.kubestellar.io";
  public static final ResourceDefinitionContext BINDING_POLICIES =
      cluster(CONTROL_GROUP, "v1alpha1", "BindingPolicy", "bindingpolicies");
  public static final ResourceDefinitionContext BINDINGS =
      cluster(CONTROL_GROUP, "v1alpha1", "Binding", "bindings");
  public static final ResourceDefinitionContext CUSTOM_TRANSFORMS =
      cluster(CONTROL_GROUP, "v1alpha1", "CustomTransform", "customtransforms");
  public static final ResourceDefinitionContext STATUS_COLLECTORS =
      cluster(CONTROL_GROUP, "v1alpha1", "StatusCollector", "statuscollectors");
  public static final ResourceDefinitionContext COMBINED_STATUSES =
      namespaced(CONTROL_GROUP, "v1alpha1", "CombinedStatus", "combinedstatuses");
  public static final ResourceDefinitionContext MANAGED_CLUSTERS =
      cluster("cluster.open-cluster-management.io", "v1", "ManagedCluster", "managedclusters");
  public static final ResourceDefinitionContext MANIFEST_WORKS =
      namespaced("work.open-cluster-management.io", "v1", "ManifestWork", "manifestworks");

  /**
   * Written into WEC mailboxes by a KubeStellar status add-on, when one is installed on the ITS.
   */
  public static final ResourceDefinitionContext WORK_STATUSES =
      namespaced(CONTROL_GROUP, "v1alpha1", "WorkStatus", "workstatuses");

  public static final String WORK_STATUS_CRD = "workstatuses." + CONTROL_GROUP;
  public static final ResourceDefinitionContext PLACEMENT_DECISIONS =
      namespaced(
          "cluster.open-cluster-management.io",
          "v1beta1",
          "PlacementDecision",
          "placementdecisions");

  public static final String ORRERY_GROUP = "gitops.orrery.dev";
  public static final ResourceDefinitionContext ROLLOUT_POLICIES =
      cluster(ORRERY_GROUP, "v1alpha1", "RolloutPolicy", "rolloutpolicies");
  public static final ResourceDefinitionContext BINDING_REVISIONS =
      cluster(ORRERY_GROUP, "v1alpha1", "BindingRevision", "bindingrevisions");

  /** Label on ManifestWorks naming the Binding they carry. */
  public static final String BINDING_KEY_LABEL =
      "transport.kubestellar.io/originOwnerReferenceBindingKey";

  /** Label on ManifestWorks naming the WDS they come from. */
  public static final String WDS_NAME_LABEL = "transport.kubestellar.io/originWdsName";

  /** Finalizer on Bindings, removed only after their ManifestWorks are gone. */
  public static final String CLEANUP_FINALIZER = "transport.kubestellar.io/object-cleanup";

  public static final String SINGLETON_LABEL = "managed-by.kubestellar.io/singletonstatus";
  public static final String MULTIWEC_LABEL = "managed-by.kubestellar.io/multiwecstatus";

  /**
   * Annotation on a BindingPolicy that confirms removals the deletion guard holds (value: the
   * hold's token).
   */
  public static final String CONFIRM_REMOVALS_ANNOTATION = "control.orrery.dev/confirm-removals";

  /**
   * Annotation ({@code "true"}) by which a BindingPolicy opts in to Orrery's deletion guard (off by
   * default, as upstream).
   */
  public static final String GUARD_REMOVALS_ANNOTATION = "control.orrery.dev/guard-removals";

  public static final String FIELD_MANAGER = "orrery";

  private static ResourceDefinitionContext cluster(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(false)
        .build();
  }

  private static ResourceDefinitionContext namespaced(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
