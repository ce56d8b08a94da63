package dev.orrery.controller;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A watched WDS resource type: group, preferred version, plural resource, kind and scope. */
public record ResourceType(String group, String version, String resource, String kind, boolean namespaced) {

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
        .withPlural(resource).withKind(kind).withNamespaced(namespaced).build();
  }

  /** Group and resource, e.g. {@code apps/deployments} or {@code namespaces}. */
  public String groupResource() {
    return group.isEmpty() ? resource : group + "/" + resource;
  }
}
