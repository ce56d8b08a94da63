package dev.orrery.placement.controller;

import dev.orrery.controller.ResourceIdentity;
import dev.orrery.controller.ResourceType;
import dev.orrery.placement.match.ObjectKey;

/**
 * What the placement loops' keys stand for in the logging MDC, read from the informer caches: a
 * policy name is a BindingPolicy, a binding name a Binding, an {@link ObjectKey} the WDS object.
 */
final class KeyIdentities {
  private final PlacementCaches caches;

  KeyIdentities(PlacementCaches caches) {
    this.caches = caches;
  }

  ResourceIdentity policy(String name) {
    return ResourceIdentity.of("BindingPolicy", null, name, caches.policy(name));
  }

  ResourceIdentity binding(String name) {
    return ResourceIdentity.of("Binding", null, name, caches.binding(name));
  }

  /** The object's kind as discovery names it (its resource name while the type is unknown). */
  ResourceIdentity object(ObjectKey key) {
    String kind =
        caches
            .objects()
            .type(key.group(), key.resource())
            .map(ResourceType::kind)
            .orElse(key.resource());
    return ResourceIdentity.of(
        kind, key.namespace(), key.name(), caches.objects().get(key).orElse(null));
  }
}
