package dev.orrery.placement.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What was parsed from cached objects of one kind (a Binding's typed spec, a BindingPolicy's), kept
 * per name for the one resourceVersion the informer holds: parsing happens once per version, and an
 * event's older or deleted version does not push out the current one.
 */
final class ParsedByVersion<T> {
  private record Entry<T>(String resourceVersion, T value) {}

  private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
  private final Function<GenericKubernetesResource, T> parse;

  ParsedByVersion(Function<GenericKubernetesResource, T> parse) {
    this.parse = parse;
  }

  /**
   * {@code object} parsed, reused when its resourceVersion is the one kept; kept when {@code
   * current} (what the informer holds under its name, or null) is that same version.
   */
  T get(GenericKubernetesResource object, GenericKubernetesResource current) {
    String name = object.getMetadata().getName();
    String version = object.getMetadata().getResourceVersion();
    Entry<T> kept = entries.get(name);
    if (kept != null && version != null && version.equals(kept.resourceVersion())) {
      return kept.value();
    }
    T value = parse.apply(object);
    if (version != null
        && current != null
        && version.equals(current.getMetadata().getResourceVersion())) {
      entries.put(name, new Entry<>(version, value));
    }
    return value;
  }

  /** Forgets the names not among {@code cached} (objects deleted since). */
  void retain(Collection<GenericKubernetesResource> cached) {
    if (entries.size() > cached.size()) {
      Set<String> names = new HashSet<>();
      cached.forEach(o -> names.add(o.getMetadata().getName()));
      entries.keySet().retainAll(names);
    }
  }

  int size() {
    return entries.size();
  }
}
