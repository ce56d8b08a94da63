package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;
import java.util.Map;
import java.util.Objects;

/**
 * A Binding's object after {@link ObjectCleaner} and the matching {@link CustomTransform}s: the
 * same for every destination cluster, before per-cluster template expansion.
 *
 * @param key the object's identity
 * @param object the cleaned and transformed object
 * @param createOnly whether the Binding entry asks for createOnly
 */
public record CleanedObject(ObjectKey key, Map<String, Object> object, boolean createOnly) {

  /** Rejects nulls. */
  public CleanedObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(object, "object");
  }

  /** Whether the object asks for template expansion (so it differs per cluster). */
  public boolean expandsTemplates() {
    return TemplateExpander.wantsExpansion(object);
  }
}
