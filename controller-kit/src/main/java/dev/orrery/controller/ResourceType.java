package dev.orrery.controller;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * A Kubernetes resource type as discovery (or a CRD) describes it: group ({@code ""} for core),
 * version, kind, plural resource name and scope.
 */
public record ResourceType(
    String group, String version, String kind, String plural, boolean namespaced) {

  /** {@code group/version}, or just {@code version} for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The type for fabric8's generic resource client. */
  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(namespaced)
        .build();
  }

  /** Group and resource, e.g. {@code apps/deployments} or {@code namespaces}. */
  public String groupResource() {
    return group.isEmpty() ? plural : group + "/" + plural;
  }
}
