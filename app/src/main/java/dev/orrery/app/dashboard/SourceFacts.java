package dev.orrery.app.dashboard;

import dev.orrery.app.gitsource.GitSourceStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Objects;

/**
 * A GitSource as the dashboard reads it from the informer cache.
 *
 * @param namespace its namespace
 * @param name its name
 * @param spec its spec as a JSON map
 * @param annotations its annotations
 * @param status its typed status
 */
public record SourceFacts(
    String namespace,
    String name,
    Map<String, Object> spec,
    Map<String, String> annotations,
    GitSourceStatus status) {

  public SourceFacts {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    spec = spec == null ? Map.of() : spec;
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    status = status == null ? GitSourceStatus.EMPTY : status;
  }

  /** The facts of a cached GitSource. */
  @SuppressWarnings("unchecked")
  public static SourceFacts of(GenericKubernetesResource source) {
    Object spec = source.getAdditionalProperties().get("spec");
    return new SourceFacts(
        source.getMetadata().getNamespace(),
        source.getMetadata().getName(),
        spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
        source.getMetadata().getAnnotations(),
        GitSourceStatus.parse(source.getAdditionalProperties().get("status")));
  }

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  /** The Ready condition's reason ({@code Applied}, {@code DeletionHeld}, ...), or empty. */
  public String state() {
    return status.readyReason();
  }

  /** Whether the deletion guard holds the fetched revision. */
  public boolean held() {
    return "DeletionHeld".equals(state());
  }
}
