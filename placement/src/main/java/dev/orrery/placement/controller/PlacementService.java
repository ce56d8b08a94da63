package dev.orrery.placement.controller;

import dev.orrery.controller.EventRecorder;
import dev.orrery.controller.KeyedWorkers;
import dev.orrery.controller.ResourceType;
import dev.orrery.controller.Unstructureds;
import dev.orrery.controller.WorkQueue;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.match.BindingPolicySpec;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.PolicyMatcher;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.match.WorkloadObject;
import dev.orrery.placement.transport.ManifestWorkSharder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement as a running service: informers on the WDS and ITS, and three keyed work queues —
 * policies (match → Binding), bindings (→ ManifestWorks) and objects (status back) — fed by the
 * events that can change each one's result.
 */
public final class PlacementService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementService.class);
  static final List<String> CRD_FILES = List.of(
      "control.kubestellar.io_bindingpolicies.yaml", "control.kubestellar.io_bindings.yaml",
      "control.kubestellar.io_customtransforms.yaml", "control.kubestellar.io_statuscollectors.yaml",
      "control.kubestellar.io_combinedstatuses.yaml");

  /**
   * Settings: WDS name (ManifestWork label), shard limits, deletion-guard share, workers per queue,
   * and the ITS namespace to publish OCM PlacementDecisions in ({@code null}: none are published).
   */
  public record Settings(String wdsName, long shardByteLimit, int shardCountLimit, double maxRemovedShare, int workers,
      String placementDecisionNamespace) {
    /** Settings that publish no PlacementDecisions. */
    public Settings(String wdsName, long shardByteLimit, int shardCountLimit, double maxRemovedShare, int workers) {
      this(wdsName, shardByteLimit, shardCountLimit, maxRemovedShare, workers, null);
    }

    public static Settings defaults(String wdsName) {
      return new Settings(wdsName, 512_000, 50, 0.5, 2);
    }

    /** These settings, publishing each policy's clusters as PlacementDecisions in {@code namespace} of the ITS. */
    public Settings withPlacementDecisions(String namespace) {
      return new Settings(wdsName, shardByteLimit, shardCountLimit, maxRemovedShare, workers, namespace);
    }
  }

  private final KubernetesClient wds;
  private final KubernetesClient its;
  private final Settings settings;
  private final PlacementCaches caches;
  private final FeedbackIndex feedback = new FeedbackIndex();
  private final KeyedWorkers<String> policyWorkers;
  private final KeyedWorkers<String> transportWorkers;
  private final KeyedWorkers<ObjectKey> statusWorkers;
  private final TransportReconciler transport;
  private final CombinedStatusWriter combined;
  private final CustomTransformStatusWriter transformStatus;
  private final PlacementQueries queries;
  private final PlacementDecisionReconciler decisions;
  private final KeyedWorkers<String> decisionWorkers;
  private final StatusReturnClock statusReturnClock;
  private final WorkStatusWatch workStatuses;

  /** Placement whose metrics go nowhere (tests, benchmarks). */
  public PlacementService(KubernetesClient wds, KubernetesClient its, Settings settings) {
    this(wds, its, settings, new CompositeMeterRegistry());
  }

  /** Placement with its metrics in {@code registry} (the service's Prometheus registry). */
  public PlacementService(KubernetesClient wds, KubernetesClient its, Settings settings, MeterRegistry registry) {
    this.wds = wds;
    this.its = its;
    this.settings = settings;
    this.caches = new PlacementCaches(new WdsObjectCache(wds, this::onObject));
    PlacementMetrics metrics = new PlacementMetrics(registry);
    this.statusReturnClock = new StatusReturnClock(metrics);
    this.workStatuses = new WorkStatusWatch(its, new WorkStatusWatch.Listener() {
      @Override
      public void changed(String cluster, String name, Optional<WorkStatusRecord> record) {
        onWorkStatus(cluster, name, record.filter(r -> r.belongsTo(settings.wdsName())).orElse(null));
      }

      @Override
      public void cleared() {
        feedback.clearWorkStatuses().forEach(statusWorkers.queue()::add);
      }
    });
    PolicyReconciler policies = new PolicyReconciler(wds, caches, settings.maxRemovedShare(), metrics,
        new PolicyEvents(new EventRecorder(wds)));
    this.transport = new TransportReconciler(wds, its, caches, settings.wdsName(),
        new ManifestWorkSharder(settings.shardByteLimit(), settings.shardCountLimit()), metrics);
    this.combined = new CombinedStatusWriter(wds, caches, feedback);
    this.transformStatus = new CustomTransformStatusWriter(wds);
    StatusReturnReconciler status = new StatusReturnReconciler(wds, caches, feedback, combined, statusReturnClock);
    this.policyWorkers = new KeyedWorkers<>("bindingpolicy", new WorkQueue<>(), policies::reconcile);
    this.transportWorkers = new KeyedWorkers<>("binding", new WorkQueue<>(), transport::reconcile);
    this.statusWorkers = new KeyedWorkers<>("object", new WorkQueue<>(), status::reconcile);
    this.queries = new PlacementQueries(caches);
    this.decisions = settings.placementDecisionNamespace() == null ? null
        : new PlacementDecisionReconciler(its, caches, settings.placementDecisionNamespace(), settings.wdsName());
    this.decisionWorkers = decisions == null ? null
        : new KeyedWorkers<>("placementdecision", new WorkQueue<>(), decisions::reconcile);
  }

  /** Installs missing CRDs, starts every informer, waits for their caches, then starts the workers. */
  public void start() {
    CrdInstaller.install(wds, CRD_FILES);
    caches.policies = wds.genericKubernetesResources(Apis.BINDING_POLICIES).inform(handler((before, after) -> {
      policyWorkers.queue().add(name(before, after));
      queueDecisions(name(before, after));
    }), 0);
    caches.bindings = wds.genericKubernetesResources(Apis.BINDINGS).inform(handler(this::onBinding), 0);
    caches.transforms = wds.genericKubernetesResources(Apis.CUSTOM_TRANSFORMS).inform(handler(this::onTransform), 0);
    caches.collectors = wds.genericKubernetesResources(Apis.STATUS_COLLECTORS).inform(handler(this::onCollector), 0);
    caches.clusters = its.genericKubernetesResources(Apis.MANAGED_CLUSTERS).inform(handler(this::onClusterChange), 0);
    caches.works = its.genericKubernetesResources(Apis.MANIFEST_WORKS).inAnyNamespace()
        .withLabel(Apis.WDS_NAME_LABEL, settings.wdsName()).inform(handler(this::onWork), 0);
    workStatuses.start();
    caches.properties = its.configMaps().inNamespace("customization-properties").inform(handler(
        (before, after) -> onClusterProperties(name(before, after))), 0);
    if (decisions != null) {
      decisions.start(this::queueDecisions);
    }
    caches.objects().start();
    await("WDS object caches", caches.objects()::synced);
    policyWorkers.start(settings.workers());
    transportWorkers.start(settings.workers());
    statusWorkers.start(settings.workers());
    if (decisionWorkers != null) {
      decisionWorkers.start(1);
    }
    allPolicies();
    allBindings();
    LOG.info("placement started: watching {} WDS resource types", caches.objects().types().size());
  }

  /** Whether WDS objects of this group and resource are being watched (e.g. once their CRD is Established). */
  public boolean watches(String group, String resource) {
    return caches.objects().type(group, resource).isPresent();
  }

  /**
   * The ManagedClusters of the ITS, sorted by name, from the inventory cache.
   *
   * @throws InventoryUnavailableException when a cache is not loaded or its watch is down
   */
  public List<InventoryCluster> inventory() {
    return queries.inventory();
  }

  /**
   * What placement holds for a BindingPolicy, or empty when there is no such policy.
   *
   * @throws InventoryUnavailableException when a cache is not loaded or its watch is down
   */
  public Optional<PolicyPlacement> policyPlacement(String policy) {
    return queries.policy(policy);
  }

  /**
   * The state and revision of Orrery's deliveries to {@code cluster}: those of one policy's
   * Binding, or of every Binding when {@code policy} is null.
   *
   * @throws InventoryUnavailableException when a cache is not loaded or its watch is down
   */
  public ClusterDelivery delivery(String cluster, String policy) {
    return queries.delivery(cluster, policy);
  }

  /**
   * Every object a policy places, per destination cluster, with the WEC's Applied/Available
   * conditions: what reporting back to Git writes down.
   */
  public List<PlacedObject> placedObjects(String policy) {
    if (caches.bindings == null || caches.works == null) {
      return List.of();
    }
    GenericKubernetesResource binding = caches.binding(policy);
    if (binding == null) {
      return List.of();
    }
    BindingContent content = caches.content(binding);
    List<PlacedObject> out = new java.util.ArrayList<>();
    for (String cluster : content.destinations()) {
      Map<ObjectKey, dev.orrery.placement.status.ManifestConditions.State> states =
          dev.orrery.placement.status.ManifestConditions.of(caches.worksOf(policy).stream()
              .filter(w -> cluster.equals(w.getMetadata().getNamespace())).map(Unstructureds::toMap).toList());
      for (BindingEntry entry : content.entries()) {
        ObjectKey key = entry.ref().key();
        var state = states.getOrDefault(key, dev.orrery.placement.status.ManifestConditions.State.UNKNOWN);
        GenericKubernetesResource object = caches.objects().get(key).orElse(null);
        String kind = object == null ? "" : object.getKind();
        Map<String, String> annotations = object == null || object.getMetadata().getAnnotations() == null
            ? Map.of() : object.getMetadata().getAnnotations();
        Map<String, String> labels = object == null || object.getMetadata().getLabels() == null
            ? Map.of() : object.getMetadata().getLabels();
        Map<String, Object> reported = labels.containsKey(Apis.SINGLETON_LABEL) || labels.containsKey(Apis.MULTIWEC_LABEL)
            ? Unstructured.asMap(object.getAdditionalProperties().get("status")) : null;
        out.add(new PlacedObject(cluster, entry.ref(), kind, state.applied(), state.available(),
            annotations.get("gitops.orrery.dev/revision"), reported));
      }
    }
    return out;
  }

  /** ManifestWork creates, updates and deletes so far. */
  public long itsWrites() {
    return transport.itsWrites();
  }

  /**
   * Whether no key is queued or being reconciled in any queue (for tests and benchmarks; an
   * informer event on its way may still queue more).
   */
  public boolean idle() {
    return policyWorkers.queue().idle() && transportWorkers.queue().idle() && statusWorkers.queue().idle()
        && (decisionWorkers == null || decisionWorkers.queue().idle());
  }

  private void onObject(ResourceType type, GenericKubernetesResource before, GenericKubernetesResource after) {
    if (before != null && after != null && !meaningfulChange(before, after)) {
      return;
    }
    WorkloadObject b = before == null ? null : caches.objects().workloadObject(type, before);
    WorkloadObject a = after == null ? null : caches.objects().workloadObject(type, after);
    if ("namespaces".equals(type.plural()) && type.group().isEmpty() && before != null && after != null
        && !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())) {
      allPolicies();
      return;
    }
    if (caches.policies == null) {
      return;
    }
    for (GenericKubernetesResource policy : caches.policies()) {
      Parsed<BindingPolicySpec> spec = BindingPolicySpec.parse(Unstructured.asMap(policy.getAdditionalProperties().get("spec")));
      if (!spec.isValid()) {
        continue;
      }
      PolicyMatcher matcher = new PolicyMatcher(spec.value());
      if ((b != null && matcher.matchObject(b).isPresent()) || (a != null && matcher.matchObject(a).isPresent())) {
        policyWorkers.queue().add(policy.getMetadata().getName());
      }
    }
  }

  /** Everything but status, resourceVersion, managedFields and generation-only bookkeeping. */
  private static boolean meaningfulChange(GenericKubernetesResource before, GenericKubernetesResource after) {
    Map<String, Object> b = Unstructureds.toMap(before);
    Map<String, Object> a = Unstructureds.toMap(after);
    for (Map<String, Object> m : List.of(b, a)) {
      m.remove("status");
      Map<String, Object> meta = new java.util.LinkedHashMap<>(Unstructured.asMap(m.get("metadata")));
      meta.remove("resourceVersion");
      meta.remove("managedFields");
      m.put("metadata", meta);
    }
    return !b.equals(a);
  }

  private void onBinding(HasMetadata before, HasMetadata after) {
    String name = name(before, after);
    policyWorkers.queue().add(name);
    if (before != null && after != null
        && Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
        && Objects.equals(before.getMetadata().getDeletionTimestamp(), after.getMetadata().getDeletionTimestamp())
        && Objects.equals(before.getMetadata().getFinalizers(), after.getMetadata().getFinalizers())) {
      return; // only its status changed: nothing to transport
    }
    transportWorkers.queue().add(name);
    queueDecisions(name);
    Set<ObjectKey> keys = new HashSet<>();
    for (HasMetadata b : new HasMetadata[] {before, after}) {
      if (b instanceof GenericKubernetesResource g) {
        BindingContent content = caches.content(g);
        for (BindingEntry e : content.entries()) {
          keys.add(e.ref().key());
        }
      }
    }
    keys.forEach(statusWorkers.queue()::add);
  }

  private void onCollector(GenericKubernetesResource before, GenericKubernetesResource after) {
    if (after != null) {
      try {
        combined.validate(after);
      } catch (RuntimeException e) {
        LOG.warn("could not write the status of StatusCollector {}: {}", after.getMetadata().getName(), e.toString());
      }
    }
    allPolicies();
    if (caches.bindings == null) {
      return;
    }
    for (GenericKubernetesResource b : caches.bindings.getStore().list()) {
      for (BindingEntry e : caches.content(b).entries()) {
        if (!e.modulation().statusCollectors().isEmpty()) {
          statusWorkers.queue().add(e.ref().key());
        }
      }
    }
  }

  private void onTransform(GenericKubernetesResource before, GenericKubernetesResource after) {
    if (after != null) {
      try {
        transformStatus.write(after);
      } catch (RuntimeException e) {
        LOG.warn("could not write the status of CustomTransform {}: {}", after.getMetadata().getName(), e.toString());
      }
    }
    allBindings();
  }

  /** What a WEC reports for these objects changed: their status is written back, and timed. */
  private void returnedStatusChanged(Set<ObjectKey> objects) {
    for (ObjectKey changed : objects) {
      statusReturnClock.feedbackChanged(changed);
      statusWorkers.queue().add(changed);
    }
  }

  /** A KubeStellar WorkStatus changed (null = gone, or written for another WDS). */
  private void onWorkStatus(String cluster, String name, WorkStatusRecord record) {
    returnedStatusChanged(feedback.updateWorkStatus(cluster, name, record));
  }

  private void onWork(HasMetadata before, HasMetadata after) {
    HasMetadata w = after != null ? after : before;
    String cluster = w.getMetadata().getNamespace();
    transport.observed(cluster, w.getMetadata().getName(), (GenericKubernetesResource) after);
    returnedStatusChanged(feedback.update(cluster, w.getMetadata().getName(), (GenericKubernetesResource) after));
    boolean specChanged = before == null || after == null
        || !Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration());
    String binding = w.getMetadata().getLabels() == null ? null : w.getMetadata().getLabels().get(Apis.BINDING_KEY_LABEL);
    if (specChanged && binding != null) {
      transportWorkers.queue().add(binding);
    }
  }

  /**
   * A ManagedCluster was added, deleted, or relabelled or re-annotated: only the policies whose
   * selection of it flips are re-evaluated; the Bindings already placing onto it are re-sent (its
   * labels and annotations feed template expansion). Other updates (status, leases) change nothing
   * placement reads.
   */
  private void onClusterChange(GenericKubernetesResource before, GenericKubernetesResource after) {
    Cluster was = before == null ? null : Cluster.fromManagedCluster(Unstructureds.toMap(before));
    Cluster now = after == null ? null : Cluster.fromManagedCluster(Unstructureds.toMap(after));
    if (was != null && now != null && was.labels().equals(now.labels()) && was.annotations().equals(now.annotations())) {
      return; // a status update such as a lease renewal: nothing placement reads changed
    }
    if (caches.policies != null) {
      for (GenericKubernetesResource policy : caches.policies()) {
        Parsed<BindingPolicySpec> spec = BindingPolicySpec.parse(Unstructured.asMap(policy.getAdditionalProperties().get("spec")));
        if (!spec.isValid()) {
          continue;
        }
        PolicyMatcher matcher = new PolicyMatcher(spec.value());
        if ((was != null && matcher.selectsCluster(was)) != (now != null && matcher.selectsCluster(now))) {
          policyWorkers.queue().add(policy.getMetadata().getName());
        }
      }
    }
    onClusterProperties(name(before, after));
  }

  /** What is known of a cluster for template expansion changed: the Bindings placing onto it are re-sent. */
  private void onClusterProperties(String cluster) {
    if (caches.bindings == null) {
      return;
    }
    for (GenericKubernetesResource b : caches.bindings.getStore().list()) {
      BindingContent content = caches.content(b);
      if (content.destinations().contains(cluster)) {
        transportWorkers.queue().add(b.getMetadata().getName());
      }
    }
  }

  private void queueDecisions(String policy) {
    if (decisionWorkers != null && !policy.isEmpty()) {
      decisionWorkers.queue().add(policy);
    }
  }

  private void allPolicies() {
    if (caches.policies != null) {
      caches.policies().forEach(p -> policyWorkers.queue().add(p.getMetadata().getName()));
    }
  }

  private void allBindings() {
    if (caches.bindings != null) {
      caches.bindings.getStore().list().forEach(b -> transportWorkers.queue().add(b.getMetadata().getName()));
    }
  }

  private static String name(HasMetadata before, HasMetadata after) {
    return (after != null ? after : before).getMetadata().getName();
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(BiConsumer<T, T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(null, obj);
      }

      @Override
      public void onUpdate(T before, T after) {
        onChange.accept(before, after);
      }

      @Override
      public void onDelete(T obj, boolean unknownFinalState) {
        onChange.accept(obj, null);
      }
    };
  }

  private static void await(String what, java.util.function.BooleanSupplier ready) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (!ready.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    workStatuses.close();
    policyWorkers.close();
    transportWorkers.close();
    statusWorkers.close();
    if (decisionWorkers != null) {
      decisionWorkers.close();
      decisions.close();
    }
    caches.objects().close();
    for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[] {caches.policies, caches.bindings, caches.transforms,
        caches.collectors, caches.clusters, caches.works, caches.properties}) {
      if (i != null) {
        i.close();
      }
    }
  }
}
