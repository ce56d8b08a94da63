package dev.orrery.renderer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds objects defined more than once in a revision (same group, kind, namespace and name). An
 * object without a namespace counts as being in the default namespace when its kind is not known to
 * be cluster-scoped, since that is where it would be applied.
 */
final class DuplicateObjects {

  private DuplicateObjects() {}

  /** One error per repeated definition, at the repeat, naming the first definition. */
  static List<RenderError> find(List<DesiredObject> objects, String defaultNamespace) {
    ResourceScopes scopes = ResourceScopes.including(objects);
    Map<ObjectKey, DesiredObject> first = new LinkedHashMap<>();
    List<RenderError> errors = new ArrayList<>();
    for (DesiredObject object : objects) {
      ObjectKey key = effectiveKey(object, scopes, defaultNamespace);
      DesiredObject earlier = first.putIfAbsent(key, object);
      if (earlier != null) {
        errors.add(
            new RenderError(
                object.path(),
                object.line(),
                "duplicate object " + key + ": already defined at " + earlier.location()));
      }
    }
    return errors;
  }

  private static ObjectKey effectiveKey(
      DesiredObject object, ResourceScopes scopes, String defaultNamespace) {
    ObjectKey key = object.key();
    if (key.namespace().isEmpty()
        && !defaultNamespace.isEmpty()
        && !scopes.isClusterScoped(key.group(), key.kind())) {
      return new ObjectKey(key.group(), key.kind(), defaultNamespace, key.name());
    }
    return key;
  }
}
