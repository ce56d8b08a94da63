package dev.orrery.placement.controller;

import dev.orrery.controller.StatusWrites;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.transport.CleanedObject;
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
import dev.orrery.placement.transport.ShardNames;
import dev.orrery.placement.transport.ShardingResult;
import dev.orrery.placement.transport.TemplateError;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
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
import org.slf4j.MDC;

/**
 * Reconciles one Binding into ManifestWorks: per destination, the cleaned, transformed and
 * template-expanded objects in stable shards; writes only the ManifestWorks whose content changed,
 * deletes those no longer wanted, and removes the Binding's cleanup finalizer once all are gone.
 */
final class TransportReconciler {
  private final KubernetesClient wds;
  private final PlacementCaches caches;
  private final ManifestWorkSharder sharder;
  private final ManifestWorkBuilder builder;
  private final ManifestWorkWriter writer;
  private final BindingRollouts rollouts;

  /**
   * When to look again, at the latest, while a previous incarnation's ManifestWorks wait for this
   * one's to be applied: the work agent reporting them applied brings the Binding back sooner.
   */
  private static final Duration HANDOVER_RECHECK = Duration.ofSeconds(10);

  private final java.util.concurrent.ExecutorService mailboxWriters =
      java.util.concurrent.Executors.newFixedThreadPool(
          8,
          r -> {
            Thread t = new Thread(r, "mailbox-writer");
            t.setDaemon(true);
            return t;
          });

  TransportReconciler(
      KubernetesClient wds,
      KubernetesClient its,
      PlacementCaches caches,
      String wdsName,
      ManifestWorkSharder sharder,
      PlacementMetrics metrics,
      BindingRollouts rollouts) {
    this.wds = wds;
    this.rollouts = rollouts;
    this.caches = caches;
    this.sharder = sharder;
    this.builder = new ManifestWorkBuilder(wdsName);
    this.writer = new ManifestWorkWriter(its, metrics);
  }

  void close() {
    mailboxWriters.shutdownNow();
    writer.close();
  }

  /** ManifestWork creates, updates and deletes issued so far (for benchmarks and tests). */
  long itsWrites() {
    return writer.itsWrites();
  }

  /** Tells the transport what the ITS now holds (see {@link ManifestWorkWriter#observed}). */
  void observed(String cluster, String name, GenericKubernetesResource work) {
    writer.observed(cluster, name, work);
  }

  Optional<Duration> reconcile(String bindingName) {
    GenericKubernetesResource binding = caches.binding(bindingName);
    List<GenericKubernetesResource> existing = caches.worksOf(bindingName);
    if (binding == null || binding.getMetadata().getDeletionTimestamp() != null) {
      rollouts.forget(bindingName);
      if (!handedOver(bindingName)) {
        // As upstream's transport: once the ITS has accepted the delete of every ManifestWork,
        // the rest (the work agents removing the objects from their WECs) no longer needs the
        // Binding, so its finalizer goes at once.
        existing.stream()
            .filter(w -> w.getMetadata().getDeletionTimestamp() == null)
            .forEach(writer::delete);
        if (binding != null) {
          writer.deleteWrittenNotYetCached(
              ShardNames.incarnation(bindingName, binding.getMetadata().getUid()), existing);
        }
      }
      if (binding != null) {
        removeFinalizer(binding);
      }
      return Optional.empty();
    }
    BindingContent content = caches.content(binding);
    long generation =
        binding.getMetadata().getGeneration() == null ? 0 : binding.getMetadata().getGeneration();
    String incarnation = ShardNames.incarnation(bindingName, binding.getMetadata().getUid());
    Map<String, List<GenericKubernetesResource>> existingByCluster = new HashMap<>();
    // ManifestWorks already terminating (e.g. of a previous incarnation of this Binding) are the
    // work agents' business now: neither kept, nor deleted again, nor a reason to wait.
    existing.stream()
        .filter(w -> w.getMetadata().getDeletionTimestamp() == null)
        .forEach(
            w ->
                existingByCluster
                    .computeIfAbsent(w.getMetadata().getNamespace(), k -> new ArrayList<>())
                    .add(w));
    // Cleaning and CustomTransforms do not depend on the cluster: once per Binding.
    List<CleanedObject> cleaned =
        DeliveryPreparer.clean(deliveryObjects(content), caches.customTransforms());

    Set<String> destinations = new TreeSet<>(content.destinations());
    List<Cluster> targets =
        destinations.stream().map(caches::cluster).flatMap(Optional::stream).toList();
    // Under a RolloutPolicy, each cluster gets the revision its wave allows (or is left as it is).
    BindingRollouts.Plan rollout = rollouts.plan(binding, cleaned, existingByCluster, targets);
    SharedDeliveryWork shared = new SharedDeliveryWork(sharder, builder);
    List<java.util.concurrent.Callable<ClusterResult>> perCluster = new ArrayList<>();
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    for (Cluster target : targets) {
      String cluster = target.name();
      rollout
          .delivery(cluster)
          .ifPresent(
              delivery ->
                  perCluster.add(
                      () ->
                          inLogContext(
                              logContext,
                              cluster,
                              () ->
                                  reconcileCluster(
                                      shared,
                                      bindingName,
                                      incarnation,
                                      generation,
                                      delivery,
                                      target,
                                      existingByCluster.getOrDefault(cluster, List.of())))));
    }
    List<String> errors = new ArrayList<>();
    boolean waiting = false;
    // Mailboxes are independent: write them in parallel (bounded), so a fan-out to many clusters
    // is not a long queue of one request at a time.
    try {
      for (java.util.concurrent.Future<ClusterResult> f : mailboxWriters.invokeAll(perCluster)) {
        errors.addAll(f.get().errors());
        waiting |= f.get().waiting();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing ManifestWorks", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
    existingByCluster.forEach(
        (cluster, works) -> {
          if (!destinations.contains(cluster)) {
            works.forEach(writer::delete);
          }
        });
    writeBindingStatus(binding, errors);
    rollout.written();
    Optional<Duration> recheck = rollout.recheckAfter();
    if (waiting && recheck.map(r -> r.compareTo(HANDOVER_RECHECK) > 0).orElse(true)) {
      recheck = Optional.of(HANDOVER_RECHECK);
    }
    return recheck;
  }

  /**
   * Whether the ManifestWorks of a Binding that is gone or going are handed over to the next
   * incarnation instead of deleted: a live BindingPolicy of the same name exists (the policy was
   * deleted and created again, a revert or a re-apply, or only its Binding was deleted), so it
   * writes a new Binding whose transport replaces these ManifestWorks once its own are applied. The
   * objects then never leave the WECs. Without such a policy, or once it is deleted too, they go.
   */
  private boolean handedOver(String bindingName) {
    GenericKubernetesResource policy = caches.policy(bindingName);
    return policy != null && policy.getMetadata().getDeletionTimestamp() == null;
  }

  /** The Binding's objects as the WDS cache holds them (read-only views; cleaning copies them). */
  private List<DeliveryObject> deliveryObjects(BindingContent content) {
    List<DeliveryObject> objects = new ArrayList<>();
    for (BindingEntry entry : content.entries()) {
      ObjectKey key = entry.ref().key();
      caches
          .objects()
          .get(key)
          .ifPresent(
              o ->
                  objects.add(
                      new DeliveryObject(
                          key, Unstructureds.view(o), entry.modulation().createOnly())));
    }
    return objects;
  }

  /**
   * What writing one mailbox left: errors to report, and whether ManifestWorks of a previous
   * incarnation wait for this one's to be applied.
   */
  private record ClusterResult(List<String> errors, boolean waiting) {}

  private ClusterResult reconcileCluster(
      SharedDeliveryWork shared,
      String bindingName,
      String incarnation,
      long generation,
      BindingRollouts.Delivery delivery,
      Cluster cluster,
      List<GenericKubernetesResource> existing) {
    List<CleanedObject> cleaned = delivery.objects();
    Map<String, Map<String, Object>> existingByName = new LinkedHashMap<>();
    existing.forEach(w -> existingByName.put(w.getMetadata().getName(), Unstructureds.view(w)));
    // The delivered manifests are only needed to keep an object whose template expansion fails.
    PreparedDelivery prepared =
        shared.prepare(
            cleaned,
            ClusterProperties.of(cluster, caches.clusterProperties(cluster.name())),
            () -> ManifestWorkReader.deliveredManifests(existingByName.values()));
    Set<String> names = new TreeSet<>(existingByName.keySet());
    names.addAll(writer.writtenNames(cluster.name()));
    ShardLayout layout = ShardLayout.fromManifestWorkNames(incarnation, names);
    ShardingResult sharded = shared.shard(incarnation, cluster.name(), prepared, layout);
    List<Map<String, Object>> desired = new ArrayList<>();
    for (Shard shard : sharded.shards()) {
      desired.add(
          builder.build(
              bindingName,
              generation,
              cluster.name(),
              shard.name(),
              shared.spec(shard),
              delivery.annotations()));
    }
    ManifestWorkPlan plan = ManifestWorkPlan.of(desired, existingByName, shared::specDiffers);
    for (Map<String, Object> w : plan.create()) {
      writer.apply(cluster.name(), w, shared.hash(spec(w)), PlacementMetrics.Operation.CREATE);
    }
    for (Map<String, Object> w : plan.update()) {
      writer.apply(cluster.name(), w, shared.hash(spec(w)), PlacementMetrics.Operation.UPDATE);
    }
    // A previous incarnation's ManifestWorks go only once this one's are applied on the WEC: the
    // work agent then finds each object owned by both and lets go of it instead of deleting it.
    boolean applied =
        plan.create().isEmpty()
            && plan.update().isEmpty()
            && desired.stream()
                .allMatch(
                    w ->
                        ManifestWorkReader.appliedAtGeneration(
                            existingByName.get(
                                Unstructured.string(w, "metadata", "name").orElse(""))));
    List<String> waiting = new ArrayList<>();
    for (String name : plan.delete()) {
      if (applied || ShardNames.startOf(incarnation, name).isPresent()) {
        writer.delete(cluster.name(), name);
      } else {
        waiting.add(name);
      }
    }
    List<String> errors = new ArrayList<>();
    sharded.oversized().stream().map(OversizedObject::message).forEach(errors::add);
    for (TemplateError e : prepared.errors()) {
      errors.add(
          e.object()
              + " on "
              + e.cluster()
              + ": template expansion failed at "
              + e.fieldPath()
              + ": "
              + e.message()
              + "; the previously delivered version stays in place");
    }
    return new ClusterResult(errors, !waiting.isEmpty());
  }

  /** The spec of a ManifestWork built here: the instance {@link SharedDeliveryWork#spec} gave. */
  private static Map<String, Object> spec(Map<String, Object> work) {
    return Unstructured.asMap(work.get("spec"));
  }

  /** Runs a mailbox write on a pool thread with the caller's log context plus {@code cluster}. */
  private static <T> T inLogContext(
      Map<String, String> context, String cluster, java.util.concurrent.Callable<T> write)
      throws Exception {
    if (context != null) {
      MDC.setContextMap(context);
    }
    MDC.put("cluster", cluster);
    try {
      return write.call();
    } finally {
      MDC.clear();
    }
  }

  private void removeFinalizer(GenericKubernetesResource binding) {
    List<String> finalizers = binding.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(Apis.CLEANUP_FINALIZER)) {
      return;
    }
    int index = finalizers.indexOf(Apis.CLEANUP_FINALIZER);
    // A JSON patch that removes the finalizer only if it is still where it was read: a concurrent
    // change of the list fails the test (and is retried), and nothing else is touched. A Binding
    // already gone is what this wanted (404: nothing to do).
    String path = "/metadata/finalizers/" + index;
    String patch =
        Serialization.asJson(
            List.of(
                Map.of("op", "test", "path", path, "value", Apis.CLEANUP_FINALIZER),
                Map.of("op", "remove", "path", path)));
    StatusWrites.ignoringNotFound(
        () ->
            wds.genericKubernetesResources(Apis.BINDINGS)
                .withName(binding.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), patch));
  }

  private void writeBindingStatus(GenericKubernetesResource binding, List<String> errors) {
    Map<String, Object> previous =
        Unstructured.asMap(binding.getAdditionalProperties().get("status"));
    Map<String, Object> status = new LinkedHashMap<>(previous);
    status.put("observedGeneration", binding.getMetadata().getGeneration());
    status.put("errors", errors.stream().distinct().limit(20).toList());
    BindingContent content = caches.content(binding);
    status.put("destinationCount", content.destinations().size());
    status.put("workloadCount", content.entries().size());
    if (Objects.equals(previous, status)) {
      return;
    }
    StatusWrites.ignoringNotFound(
        () -> StatusWrites.patchStatus(wds, Apis.BINDINGS, binding, status));
  }
}
