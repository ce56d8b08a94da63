package dev.orrery.placement.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The informer store of ManifestWorks: holds every ManifestWork whole (readers see the same fields
 * as the ITS returned), but keeps each distinct {@code spec} once. One Binding delivers the same
 * manifests to every destination, so without sharing the cache held every object once per cluster;
 * now it holds it once per distinct content, whatever the number of clusters. The stored {@code
 * managedFields} keep who wrote when (manager, operation, time, subresource), not the field sets
 * ({@code fieldsV1}, as large as the spec's shape), which no loop reads. What the work agents
 * returned in {@code status} is shared by content ({@link ContentInterner}): each object's {@code
 * resourceMeta} once for all clusters, equal conditions once.
 *
 * <p>The cached objects are shared with every reader, as in any informer cache: nobody may mutate
 * them, least of all a shared spec.
 */
final class SharedSpecStore implements ItemStore<GenericKubernetesResource> {
  private final Map<String, GenericKubernetesResource> items = new ConcurrentHashMap<>();

  /** Shares the content of returned status across ManifestWorks. */
  private final ContentInterner interner = new ContentInterner();

  /** Each distinct spec, by its own content, with the number of stored items that hold it. */
  private final Map<Object, Shared> specs = new HashMap<>();

  private static final class Shared {
    final Object spec;
    int holders;

    Shared(Object spec) {
      this.spec = spec;
    }
  }

  @Override
  public String getKey(GenericKubernetesResource item) {
    return Cache.metaNamespaceKeyFunc(item);
  }

  @Override
  public synchronized GenericKubernetesResource put(String key, GenericKubernetesResource item) {
    Object spec = item.getAdditionalProperties().get("spec");
    if (spec != null) {
      Shared shared = specs.computeIfAbsent(spec, Shared::new);
      shared.holders++;
      item.getAdditionalProperties().put("spec", shared.spec);
    }
    Object status = item.getAdditionalProperties().get("status");
    if (status != null) {
      item.getAdditionalProperties().put("status", slimStatus(status));
    }
    withoutFieldSets(item);
    GenericKubernetesResource previous = items.put(key, item);
    release(previous);
    return previous;
  }

  @Override
  public synchronized GenericKubernetesResource remove(String key) {
    GenericKubernetesResource previous = items.remove(key);
    release(previous);
    return previous;
  }

  private void release(GenericKubernetesResource item) {
    Object spec = item == null ? null : item.getAdditionalProperties().get("spec");
    if (spec == null) {
      return;
    }
    Shared shared = specs.get(spec);
    if (shared != null && --shared.holders <= 0) {
      specs.remove(spec);
    }
  }

  /**
   * The status with everything shared by content but what is unique to this ManifestWork anyway:
   * each manifest's entry and its returned status ({@code statusFeedback}) are only compacted.
   */
  private Object slimStatus(Object status) {
    return slim(status, "resourceStatus", this::slimResourceStatus);
  }

  private Object slimResourceStatus(Object resourceStatus) {
    return slim(
        resourceStatus,
        "manifests",
        manifests ->
            manifests instanceof List<?> list
                ? ContentInterner.copy(list, this::slimManifest)
                : interner.intern(manifests));
  }

  private Object slimManifest(Object manifest) {
    return slim(manifest, "statusFeedback", interner::compact);
  }

  /**
   * A map with the value under {@code key} passed through {@code special} and every other key and
   * value interned; anything but a map interned whole.
   */
  private Object slim(Object value, String key, UnaryOperator<Object> special) {
    if (!(value instanceof Map<?, ?> map)) {
      return interner.intern(value);
    }
    Map<Object, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) ->
            out.put(interner.intern(k), key.equals(k) ? special.apply(v) : interner.intern(v)));
    return ContentInterner.immutable(out);
  }

  /** The distinct specs held (for tests and benchmarks). */
  synchronized int distinctSpecs() {
    return specs.size();
  }

  @Override
  public Stream<String> keySet() {
    return new ArrayList<>(items.keySet()).stream();
  }

  @Override
  public Stream<GenericKubernetesResource> values() {
    return new ArrayList<>(items.values()).stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public GenericKubernetesResource get(String key) {
    return items.get(key);
  }

  private static void withoutFieldSets(GenericKubernetesResource item) {
    if (item.getMetadata() == null || item.getMetadata().getManagedFields() == null) {
      return;
    }
    List<ManagedFieldsEntry> kept = new ArrayList<>();
    for (ManagedFieldsEntry entry : item.getMetadata().getManagedFields()) {
      ManagedFieldsEntry slim = new ManagedFieldsEntry();
      slim.setApiVersion(entry.getApiVersion());
      slim.setFieldsType(entry.getFieldsType());
      slim.setManager(entry.getManager());
      slim.setOperation(entry.getOperation());
      slim.setSubresource(entry.getSubresource());
      slim.setTime(entry.getTime());
      kept.add(slim);
    }
    item.getMetadata().setManagedFields(kept);
  }
}
