package dev.orrery.placement.controller;

import dev.orrery.controller.ResourceType;
import dev.orrery.placement.match.DownsyncFilter;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.WorkloadObject;
import dev.orrery.placement.match.WorkloadRef;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on every WDS resource that can be downsynced (list + watch, minus the never-downsynced
 * groups and resources), at each group's preferred version. A CRD that becomes Established starts
 * being watched; a deleted CRD stops being watched. Reads come from these caches, never from live
 * GETs.
 */
public final class WdsObjectCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WdsObjectCache.class);

  /**
   * Receives every change of a watched object: {@code before} is null on add, {@code after} on
   * delete.
   */
  public interface Listener {
    void onChange(
        ResourceType type, GenericKubernetesResource before, GenericKubernetesResource after);
  }

  private final KubernetesClient client;
  private final Listener listener;
  private final Map<String, ResourceType> typesByGroupResource = new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "wds-discovery");
            t.setDaemon(true);
            return t;
          });
  private ScheduledFuture<?> pendingRefresh;
  private SharedIndexInformer<CustomResourceDefinition> crdInformer;

  public WdsObjectCache(KubernetesClient client, Listener listener) {
    this.client = client;
    this.listener = listener;
  }

  /** Discovers the resources, starts their informers and waits until each has synced. */
  public void start() {
    if (!refresh()) {
      scheduleRefresh();
    }
    crdInformer =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(CustomResourceDefinition crd) {
                    scheduleRefresh();
                  }

                  @Override
                  public void onUpdate(
                      CustomResourceDefinition before, CustomResourceDefinition after) {
                    scheduleRefresh();
                  }

                  @Override
                  public void onDelete(CustomResourceDefinition crd, boolean unknownFinalState) {
                    scheduleRefresh();
                  }
                },
                0);
  }

  /**
   * Refreshes soon. Refreshes run one at a time on one thread, so a CRD event that arrives while a
   * refresh is running schedules another one after it and is never lost.
   */
  private synchronized void scheduleRefresh() {
    if (pendingRefresh == null || pendingRefresh.getDelay(TimeUnit.NANOSECONDS) <= 0) {
      pendingRefresh = refresher.schedule(this::refreshQuietly, 300, TimeUnit.MILLISECONDS);
    }
  }

  private void refreshQuietly() {
    try {
      if (!refresh()) {
        refresher.schedule(this::refreshQuietly, 1, TimeUnit.SECONDS);
      }
    } catch (RuntimeException e) {
      LOG.warn("WDS discovery failed; retrying: {}", e.toString());
      refresher.schedule(this::refreshQuietly, 2, TimeUnit.SECONDS);
    }
  }

  /**
   * Re-reads discovery: starts informers for new resource types, stops those whose type left.
   * Returns false when some informer could not start yet (e.g. a CRD still being served); the
   * caller tries again.
   */
  public synchronized boolean refresh() {
    Map<String, ResourceType> found = discover();
    boolean complete = true;
    for (Map.Entry<String, ResourceType> e : found.entrySet()) {
      ResourceType known = typesByGroupResource.get(e.getKey());
      if (known != null && known.equals(e.getValue())) {
        continue;
      }
      if (known != null) {
        stop(e.getKey());
        typesByGroupResource.remove(e.getKey());
      }
      try {
        informers.put(e.getKey(), inform(e.getValue()));
        typesByGroupResource.put(e.getKey(), e.getValue());
      } catch (RuntimeException notYet) {
        LOG.debug("cannot watch {} yet: {}", e.getKey(), notYet.toString());
        complete = false;
      }
    }
    for (String gone : new ArrayList<>(typesByGroupResource.keySet())) {
      if (!found.containsKey(gone)) {
        LOG.info("no longer watching {}", gone);
        stop(gone);
        typesByGroupResource.remove(gone);
      }
    }
    return complete;
  }

  private void stop(String groupResource) {
    SharedIndexInformer<GenericKubernetesResource> informer = informers.remove(groupResource);
    if (informer != null) {
      informer.close();
    }
  }

  private SharedIndexInformer<GenericKubernetesResource> inform(ResourceType type) {
    ResourceEventHandler<GenericKubernetesResource> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource obj) {
            listener.onChange(type, null, obj);
          }

          @Override
          public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            listener.onChange(type, before, after);
          }

          @Override
          public void onDelete(GenericKubernetesResource obj, boolean unknownFinalState) {
            listener.onChange(type, obj, null);
          }
        };
    SharedIndexInformer<GenericKubernetesResource> informer =
        type.namespaced()
            ? client.genericKubernetesResources(type.context()).inAnyNamespace().inform(handler, 0)
            : client.genericKubernetesResources(type.context()).inform(handler, 0);
    LOG.debug("watching {}", type.groupResource());
    return informer;
  }

  private Map<String, ResourceType> discover() {
    Map<String, ResourceType> found = new HashMap<>();
    add(found, "", "v1", client.getApiResources("v1"));
    for (APIGroup group : client.getApiGroups().getGroups()) {
      String version =
          group.getPreferredVersion() != null
              ? group.getPreferredVersion().getVersion()
              : group.getVersions().get(0).getVersion();
      try {
        add(
            found,
            group.getName(),
            version,
            client.getApiResources(group.getName() + "/" + version));
      } catch (RuntimeException unavailable) {
        LOG.debug("skipping unavailable group {}: {}", group.getName(), unavailable.toString());
      }
    }
    return found;
  }

  private static void add(
      Map<String, ResourceType> found, String group, String version, APIResourceList list) {
    if (list == null) {
      return;
    }
    for (APIResource r : list.getResources()) {
      if (r.getName().contains("/")
          || !DownsyncFilter.isDownsyncable(group, r.getName(), r.getVerbs())) {
        continue;
      }
      ResourceType t =
          new ResourceType(
              group, version, r.getKind(), r.getName(), Boolean.TRUE.equals(r.getNamespaced()));
      found.put(t.groupResource(), t);
    }
  }

  /** The watched type for a group and resource, if watched. */
  public Optional<ResourceType> type(String group, String resource) {
    return Optional.ofNullable(
        typesByGroupResource.get(group.isEmpty() ? resource : group + "/" + resource));
  }

  public List<ResourceType> types() {
    return List.copyOf(typesByGroupResource.values());
  }

  /** The cached object, if present. */
  public Optional<GenericKubernetesResource> get(ObjectKey key) {
    SharedIndexInformer<GenericKubernetesResource> informer =
        informers.get(key.group().isEmpty() ? key.resource() : key.group() + "/" + key.resource());
    if (informer == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        informer
            .getStore()
            .getByKey(key.namespace().isEmpty() ? key.name() : key.namespace() + "/" + key.name()));
  }

  /** Labels of a Namespace, or null when it is not (yet) in the cache. */
  public Map<String, String> namespaceLabels(String namespace) {
    if (namespace.isEmpty()) {
      return null;
    }
    return get(new ObjectKey("", "namespaces", "", namespace))
        .map(
            ns ->
                ns.getMetadata().getLabels() == null
                    ? Map.<String, String>of()
                    : ns.getMetadata().getLabels())
        .orElse(null);
  }

  /** Every cached object as the matcher sees it (with its Namespace's labels). */
  public List<WorkloadObject> workloadObjects() {
    List<WorkloadObject> out = new ArrayList<>();
    for (ResourceType type : typesByGroupResource.values()) {
      SharedIndexInformer<GenericKubernetesResource> informer = informers.get(type.groupResource());
      if (informer == null) {
        continue;
      }
      for (GenericKubernetesResource r : informer.getStore().list()) {
        out.add(workloadObject(type, r));
      }
    }
    return out;
  }

  /** The matcher's view of one object. */
  public WorkloadObject workloadObject(ResourceType type, GenericKubernetesResource r) {
    String ns = r.getMetadata().getNamespace() == null ? "" : r.getMetadata().getNamespace();
    return new WorkloadObject(
        new WorkloadRef(type.group(), type.version(), type.plural(), ns, r.getMetadata().getName()),
        r.getMetadata().getResourceVersion(),
        r.getMetadata().getLabels(),
        namespaceLabels(ns));
  }

  /** Whether every informer has synced its initial list. */
  public boolean synced() {
    return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    if (crdInformer != null) {
      crdInformer.close();
    }
    informers.values().forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
