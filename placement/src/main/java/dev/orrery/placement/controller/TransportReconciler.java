package dev.orrery.placement.controller;

import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.transport.ClusterProperties;
import dev.orrery.placement.transport.DeliveryObject;
import dev.orrery.placement.transport.DeliveryPreparer;
import dev.orrery.placement.transport.ManifestWorkBuilder;
import dev.orrery.placement.transport.ManifestWorkPlan;
import dev.orrery.placement.transport.ManifestWorkReader;
import dev.orrery.placement.transport.ManifestWorkSharder;
import dev.orrery.placement.transport.OversizedObject;
import dev.orrery.placement.transport.PreparedDelivery;
import dev.orrery.placement.transport.Shard;
import dev.orrery.placement.transport.ShardLayout;
import dev.orrery.placement.transport.ShardingResult;
import dev.orrery.placement.transport.TemplateError;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reconciles one Binding into ManifestWorks: per destination, the cleaned, transformed and
 * template-expanded objects in stable shards; writes only the ManifestWorks whose content changed,
 * deletes those no longer wanted, and removes the Binding's cleanup finalizer once all are gone.
 */
final class TransportReconciler {
  private final KubernetesClient wds;
  private final KubernetesClient its;
  private final PlacementCaches caches;
  private final ManifestWorkSharder sharder;
  private final ManifestWorkBuilder builder;
  private final AtomicLong itsWrites = new AtomicLong();

  TransportReconciler(KubernetesClient wds, KubernetesClient its, PlacementCaches caches, String wdsName,
      ManifestWorkSharder sharder) {
    this.wds = wds;
    this.its = its;
    this.caches = caches;
    this.sharder = sharder;
    this.builder = new ManifestWorkBuilder(wdsName, false);
  }

  /** ManifestWork creates, updates and deletes issued so far (for benchmarks and tests). */
  long itsWrites() {
    return itsWrites.get();
  }

  Optional<Duration> reconcile(String bindingName) {
    GenericKubernetesResource binding = caches.binding(bindingName);
    List<GenericKubernetesResource> existing = caches.worksOf(bindingName);
    if (binding == null || binding.getMetadata().getDeletionTimestamp() != null) {
      existing.forEach(this::delete);
      if (binding != null && existing.isEmpty()) {
        removeFinalizer(binding);
      }
      return existing.isEmpty() ? Optional.empty() : Optional.of(Duration.ofSeconds(1));
    }
    BindingContent content = BindingSpecReader.read(Unstructureds.map(binding.getAdditionalProperties().get("spec")));
    long generation = binding.getMetadata().getGeneration() == null ? 0 : binding.getMetadata().getGeneration();
    Map<String, List<GenericKubernetesResource>> existingByCluster = new HashMap<>();
    existing.forEach(w -> existingByCluster.computeIfAbsent(w.getMetadata().getNamespace(), k -> new ArrayList<>()).add(w));

    List<String> errors = new ArrayList<>();
    Set<String> destinations = new TreeSet<>(content.destinations());
    for (String cluster : destinations) {
      Optional<Cluster> target = caches.cluster(cluster);
      if (target.isEmpty()) {
        continue;
      }
      errors.addAll(reconcileCluster(bindingName, generation, content, target.get(),
          existingByCluster.getOrDefault(cluster, List.of())));
    }
    existingByCluster.forEach((cluster, works) -> {
      if (!destinations.contains(cluster)) {
        works.forEach(this::delete);
      }
    });
    writeBindingStatus(binding, errors);
    return Optional.empty();
  }

  private List<String> reconcileCluster(String bindingName, long generation, BindingContent content, Cluster cluster,
      List<GenericKubernetesResource> existing) {
    List<DeliveryObject> objects = new ArrayList<>();
    for (BindingEntry entry : content.entries()) {
      ObjectKey key = entry.ref().key();
      caches.objects().get(key).ifPresent(o ->
          objects.add(new DeliveryObject(key, Unstructureds.toMap(o), entry.modulation().createOnly())));
    }
    List<Map<String, Object>> existingMaps = existing.stream().map(Unstructureds::toMap).toList();
    Map<ObjectKey, Map<String, Object>> delivered = ManifestWorkReader.deliveredManifests(existingMaps);
    PreparedDelivery prepared = DeliveryPreparer.prepare(objects, caches.customTransforms(),
        ClusterProperties.of(cluster, caches.clusterProperties(cluster.name())), delivered);
    ShardLayout layout = ShardLayout.fromManifestWorkNames(bindingName,
        existing.stream().map(w -> w.getMetadata().getName()).toList());
    ShardingResult sharded = sharder.shard(bindingName, cluster.name(), prepared.items(), layout);
    List<Map<String, Object>> desired = new ArrayList<>();
    for (Shard shard : sharded.shards()) {
      desired.add(builder.build(bindingName, generation, cluster.name(), shard));
    }
    Map<String, Map<String, Object>> existingByName = new LinkedHashMap<>();
    existingMaps.forEach(m -> existingByName.put(String.valueOf(Unstructureds.map(m.get("metadata")).get("name")), m));
    ManifestWorkPlan plan = ManifestWorkPlan.of(desired, existingByName);
    plan.create().forEach(w -> apply(cluster.name(), w));
    plan.update().forEach(w -> apply(cluster.name(), w));
    for (String name : plan.delete()) {
      existing.stream().filter(w -> w.getMetadata().getName().equals(name)).forEach(this::delete);
    }
    List<String> errors = new ArrayList<>();
    sharded.oversized().stream().map(OversizedObject::message).forEach(errors::add);
    for (TemplateError e : prepared.errors()) {
      errors.add(e.object() + " on " + e.cluster() + ": template expansion failed at " + e.fieldPath() + ": " + e.message()
          + "; the previously delivered version stays in place");
    }
    return errors;
  }

  private void apply(String cluster, Map<String, Object> work) {
    its.genericKubernetesResources(Apis.MANIFEST_WORKS).inNamespace(cluster).resource(Unstructureds.fromMap(work))
        .fieldManager(Apis.FIELD_MANAGER).forceConflicts().serverSideApply();
    itsWrites.incrementAndGet();
  }

  private void delete(GenericKubernetesResource work) {
    try {
      its.genericKubernetesResources(Apis.MANIFEST_WORKS).inNamespace(work.getMetadata().getNamespace())
          .withName(work.getMetadata().getName()).delete();
      itsWrites.incrementAndGet();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private void removeFinalizer(GenericKubernetesResource binding) {
    List<String> finalizers = binding.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(Apis.CLEANUP_FINALIZER)) {
      return;
    }
    wds.genericKubernetesResources(Apis.BINDINGS).withName(binding.getMetadata().getName()).edit(b -> {
      b.getMetadata().getFinalizers().remove(Apis.CLEANUP_FINALIZER);
      return b;
    });
  }

  private void writeBindingStatus(GenericKubernetesResource binding, List<String> errors) {
    Map<String, Object> previous = Unstructureds.map(binding.getAdditionalProperties().get("status"));
    Map<String, Object> status = new LinkedHashMap<>(previous);
    status.put("observedGeneration", binding.getMetadata().getGeneration());
    status.put("errors", errors.stream().distinct().limit(20).toList());
    BindingContent content = BindingSpecReader.read(Unstructureds.map(binding.getAdditionalProperties().get("spec")));
    status.put("destinationCount", content.destinations().size());
    status.put("workloadCount", content.entries().size());
    if (Objects.equals(previous, status)) {
      return;
    }
    StatusWrites.patchStatus(wds, Apis.BINDINGS, binding, status);
  }
}
