package dev.orrery.app.sync;

import dev.orrery.controller.ResourceType;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resource types from the API server's discovery, cached; a miss refreshes the cache (at most once
 * per {@link #MIN_REFRESH}), so types of freshly established CRDs are found.
 */
public final class DiscoveryResourceTypes implements ResourceTypes {
  static final Duration MIN_REFRESH = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private volatile Map<String, ResourceType> byKey = Map.of();
  private volatile Instant refreshed = Instant.EPOCH;

  public DiscoveryResourceTypes(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<ResourceType> find(String apiVersion, String kind) {
    ResourceType type = byKey.get(apiVersion + "|" + kind);
    if (type == null && Instant.now().isAfter(refreshed.plus(MIN_REFRESH))) {
      refresh();
      type = byKey.get(apiVersion + "|" + kind);
    }
    return Optional.ofNullable(type);
  }

  /** Forgets the cache, e.g. after CRDs were established. */
  public void invalidate() {
    refreshed = Instant.EPOCH;
  }

  /** Every type the server lists, keyed {@code apiVersion|Kind}. */
  public synchronized Map<String, ResourceType> refresh() {
    Map<String, ResourceType> found = new HashMap<>();
    add(found, "", "v1", client.getApiResources("v1"));
    for (APIGroup group : client.getApiGroups().getGroups()) {
      for (GroupVersionForDiscovery gv : group.getVersions()) {
        try {
          add(
              found,
              group.getName(),
              gv.getVersion(),
              client.getApiResources(gv.getGroupVersion()));
        } catch (RuntimeException unavailable) {
          // An aggregated API that is down must not hide every other type.
        }
      }
    }
    byKey = Map.copyOf(found);
    refreshed = Instant.now();
    return byKey;
  }

  /** Every top-level resource (no subresources) the server lists. */
  public List<ResourceType> all() {
    if (byKey.isEmpty()) {
      refresh();
    }
    return List.copyOf(byKey.values());
  }

  private static void add(
      Map<String, ResourceType> found, String group, String version, APIResourceList list) {
    if (list == null) {
      return;
    }
    for (APIResource r : list.getResources()) {
      if (r.getName().contains("/")) {
        continue;
      }
      ResourceType t =
          new ResourceType(
              group, version, r.getKind(), r.getName(), Boolean.TRUE.equals(r.getNamespaced()));
      found.put(t.apiVersion() + "|" + t.kind(), t);
    }
  }
}
