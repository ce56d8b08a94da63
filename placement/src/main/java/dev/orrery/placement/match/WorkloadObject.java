package dev.orrery.placement.match;

import java.util.Map;
import java.util.Objects;

/**
 * What matching needs to know about one WDS object: its reference, resourceVersion, labels and the
 * labels of its Namespace.
 *
 * @param ref the object's reference
 * @param resourceVersion the object's {@code metadata.resourceVersion} ({@code ""} when unknown)
 * @param labels the object's labels
 * @param namespaceLabels the labels of the object's Namespace; {@code null} for cluster-scoped
 *     objects or when the Namespace is not known (then only a {@code {}} namespace selector passes)
 */
public record WorkloadObject(
    WorkloadRef ref,
    String resourceVersion,
    Map<String, String> labels,
    Map<String, String> namespaceLabels) {

  /** Copies the label maps. */
  public WorkloadObject {
    Objects.requireNonNull(ref, "ref");
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    namespaceLabels =
        namespaceLabels == null || ref.isClusterScoped() ? null : Map.copyOf(namespaceLabels);
  }

  /**
   * Builds the view from a JSON-decoded object, reading namespace, name, resourceVersion and labels
   * from its metadata.
   */
  public static WorkloadObject of(
      String group,
      String version,
      String resource,
      Map<String, Object> object,
      Map<String, String> namespaceLabels) {
    String namespace = Unstructured.string(object, "metadata", "namespace").orElse("");
    String name = Unstructured.string(object, "metadata", "name").orElse("");
    return new WorkloadObject(
        new WorkloadRef(group, version, resource, namespace, name),
        Unstructured.string(object, "metadata", "resourceVersion").orElse(""),
        Unstructured.stringMap(object, "metadata", "labels"),
        namespaceLabels);
  }

  /** This object with different Namespace labels (a Namespace's labels changed). */
  public WorkloadObject withNamespaceLabels(Map<String, String> newNamespaceLabels) {
    return new WorkloadObject(ref, resourceVersion, labels, newNamespaceLabels);
  }
}
