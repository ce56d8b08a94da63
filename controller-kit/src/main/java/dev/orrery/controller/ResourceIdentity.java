package dev.orrery.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Which resource a work-queue key stands for, as the logging MDC carries it: kind, namespace
 * ({@code null} for cluster-scoped), name and generation ({@code null} when unknown, e.g. the
 * resource is gone from the cache).
 */
public record ResourceIdentity(String kind, String namespace, String name, Long generation) {

  /** The identity of a resource at hand. */
  public static ResourceIdentity of(HasMetadata resource) {
    var metadata = resource.getMetadata();
    return new ResourceIdentity(
        resource.getKind(), metadata.getNamespace(), metadata.getName(), metadata.getGeneration());
  }

  /**
   * The identity of a resource known by its key: kind, namespace and name as given, the generation
   * from {@code cached} when the cache holds it ({@code null} otherwise).
   */
  public static ResourceIdentity of(
      String kind, String namespace, String name, HasMetadata cached) {
    Long generation = cached == null ? null : cached.getMetadata().getGeneration();
    return new ResourceIdentity(
        kind, namespace == null || namespace.isEmpty() ? null : namespace, name, generation);
  }
}
