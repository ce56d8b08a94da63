package dev.orrery.placement.controller;

import dev.orrery.controller.EventRecorder;
import dev.orrery.controller.KeyedWorkers;
import dev.orrery.controller.ResourceType;
import dev.orrery.controller.WorkQueue;
import dev.orrery.placement.binding.DeletionGuard;
import dev.orrery.placement.match.ObjectKey;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement as a running service: informers on the WDS and ITS, and keyed work queues — policies
 * (match → Binding), bindings (→ ManifestWorks), objects (status back) and, when enabled,
 * PlacementDecisions — fed by {@link PlacementEventRouter} with the events that can change each
 * one's result; reporting questions go to {@link PlacementQueries}.
 */
public final class PlacementService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementService.class);

  /** ManifestWorks per page of the informer's initial list. */
  private static final long WORK_LIST_PAGE = 100;

  static final List<String> CRD_FILES =
      List.of(
          "control.kubestellar.io_bindingpolicies.yaml",
          "control.kubestellar.io_bindings.yaml",
          "control.kubestellar.io_customtransforms.yaml",
          "control.kubestellar.io_statuscollectors.yaml",
          "control.kubestellar.io_combinedstatuses.yaml",
          "gitops.orrery.dev_rolloutpolicies.yaml",
          "gitops.orrery.dev_bindingrevisions.yaml");

  /**
   * Settings: WDS name (ManifestWork label), shard limits, deletion-guard share, workers per queue,
   * the ITS namespace to publish OCM PlacementDecisions in ({@code null}: none are published), and
   * whether every BindingPolicy's removals are guarded (off by default, as in KubeStellar: a policy
   * can still opt in with annotation {@value Apis#GUARD_REMOVALS_ANNOTATION}), the least soak of a
   * rollout wave, and whether BindingPolicies get Orrery's {@code ClustersAvailable} condition (off
   * by default: upstream's BindingPolicy status has no such condition).
   */
  public record Settings(
      String wdsName,
      long shardByteLimit,
      int shardCountLimit,
      double maxRemovedShare,
      int workers,
      String placementDecisionNamespace,
      boolean guardAllPolicies,
      Duration rolloutMinimumSoak,
      boolean clustersAvailableCondition) {
    /** The least soak of a rollout wave by default: longer than the work agent's default 10 s. */
    public static final Duration DEFAULT_ROLLOUT_MINIMUM_SOAK = Duration.ofSeconds(15);

    /** Settings that publish no PlacementDecisions and guard only the policies that opt in. */
    public Settings(
        String wdsName,
        long shardByteLimit,
        int shardCountLimit,
        double maxRemovedShare,
        int workers) {
      this(
          wdsName,
          shardByteLimit,
          shardCountLimit,
          maxRemovedShare,
          workers,
          null,
          false,
          DEFAULT_ROLLOUT_MINIMUM_SOAK,
          false);
    }

    public static Settings defaults(String wdsName) {
      return new Settings(wdsName, 512_000, 50, 0.5, 2);
    }

    /**
     * These settings, publishing each policy's clusters as PlacementDecisions in {@code namespace}
     * of the ITS.
     */
    public Settings withPlacementDecisions(String namespace) {
      return with(s -> s.placementDecisionNamespace = namespace);
    }

    /**
     * These settings, with the deletion guard on for every BindingPolicy ({@code true}) or only
     * those that opt in.
     */
    public Settings withGuardAllPolicies(boolean guard) {
      return with(s -> s.guardAllPolicies = guard);
    }

    /**
     * These settings, with the least soak of every rollout wave (whatever a RolloutPolicy's {@code
     * minSuccessTime} says): it must exceed the work agents' {@code --status-sync-interval}, so
     * that a status reading from before an update cannot pass a wave.
     */
    public Settings withRolloutMinimumSoak(Duration soak) {
      return with(s -> s.rolloutMinimumSoak = soak);
    }

    /**
     * These settings, with ({@code true}) or without condition {@code ClustersAvailable} in every
     * BindingPolicy's status: {@code False} while a selected cluster is unavailable by OCM's
     * lease-based availability. An Orrery addition, so off unless asked for.
     */
    public Settings withClustersAvailableCondition(boolean on) {
      return with(s -> s.clustersAvailableCondition = on);
    }

    private Settings with(java.util.function.Consumer<Changed> change) {
      Changed changed = new Changed(this);
      change.accept(changed);
      return changed.settings();
    }

    /** A copy of settings being changed by one of the {@code with} methods. */
    private static final class Changed {
      final String wdsName;
      final long shardByteLimit;
      final int shardCountLimit;
      final double maxRemovedShare;
      final int workers;
      String placementDecisionNamespace;
      boolean guardAllPolicies;
      Duration rolloutMinimumSoak;
      boolean clustersAvailableCondition;

      Changed(Settings s) {
        wdsName = s.wdsName;
        shardByteLimit = s.shardByteLimit;
        shardCountLimit = s.shardCountLimit;
        maxRemovedShare = s.maxRemovedShare;
        workers = s.workers;
        placementDecisionNamespace = s.placementDecisionNamespace;
        guardAllPolicies = s.guardAllPolicies;
        rolloutMinimumSoak = s.rolloutMinimumSoak;
        clustersAvailableCondition = s.clustersAvailableCondition;
      }

      Settings settings() {
        return new Settings(
            wdsName,
            shardByteLimit,
            shardCountLimit,
            maxRemovedShare,
            workers,
            placementDecisionNamespace,
            guardAllPolicies,
            rolloutMinimumSoak,
            clustersAvailableCondition);
      }
    }
  }

  private final KubernetesClient wds;
  private final KubernetesClient its;
  private final Settings settings;
  private final PlacementCaches caches;
  private final PlacementEventRouter events;
  private final WorkerQueues queues = new WorkerQueues();
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
  private final KeyedWorkers<String> rolloutPolicyWorkers;
  private final BindingRollouts rollouts;
  private final RolloutMetrics rolloutMetrics;
  private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean writing;

  /** Placement whose metrics go nowhere (tests, benchmarks). */
  public PlacementService(KubernetesClient wds, KubernetesClient its, Settings settings) {
    this(wds, its, settings, new CompositeMeterRegistry());
  }

  /** Placement with its metrics in {@code registry} (the service's Prometheus registry). */
  public PlacementService(
      KubernetesClient wds, KubernetesClient its, Settings settings, MeterRegistry registry) {
    this.wds = wds;
    this.its = its;
    this.settings = settings;
    this.caches = new PlacementCaches(new WdsObjectCache(wds, this::onObject));
    this.events = new PlacementEventRouter(caches, queues);
    PlacementMetrics metrics = new PlacementMetrics(registry);
    this.statusReturnClock = new StatusReturnClock(metrics);
    this.workStatuses =
        new WorkStatusWatch(
            its,
            new WorkStatusWatch.Listener() {
              @Override
              public void changed(String cluster, String name, Optional<WorkStatusRecord> record) {
                onWorkStatus(
                    cluster,
                    name,
                    record.filter(r -> r.belongsTo(settings.wdsName())).orElse(null));
              }

              @Override
              public void cleared() {
                feedback.clearWorkStatuses().forEach(statusWorkers.queue()::add);
              }
            });
    PolicyReconciler policies =
        new PolicyReconciler(
            wds,
            caches,
            new PolicyRemovalGuard(
                new DeletionGuard(settings.maxRemovedShare()), settings.guardAllPolicies()),
            metrics,
            new PolicyEvents(new EventRecorder(wds)),
            settings.clustersAvailableCondition());
    this.rolloutMetrics = new RolloutMetrics(registry);
    this.rollouts =
        new BindingRollouts(
            wds,
            caches,
            new EventRecorder(wds),
            rolloutMetrics,
            settings.rolloutMinimumSoak(),
            java.time.Clock.systemUTC());
    this.transport =
        new TransportReconciler(
            wds,
            its,
            caches,
            settings.wdsName(),
            new ManifestWorkSharder(settings.shardByteLimit(), settings.shardCountLimit()),
            metrics,
            rollouts);
    this.rolloutPolicyWorkers =
        new KeyedWorkers<>(
            "rolloutpolicy",
            new WorkQueue<>(),
            new RolloutPolicyStatusWriter(wds, caches, rollouts)::reconcile);
    this.combined = new CombinedStatusWriter(wds, caches, feedback);
    this.transformStatus = new CustomTransformStatusWriter(wds);
    StatusReturnReconciler status =
        new StatusReturnReconciler(wds, caches, feedback, combined, statusReturnClock);
    KeyIdentities keys = new KeyIdentities(caches);
    this.policyWorkers =
        new KeyedWorkers<>("bindingpolicy", new WorkQueue<>(), keys::policy, policies::reconcile);
    this.transportWorkers =
        new KeyedWorkers<>("binding", new WorkQueue<>(), keys::binding, transport::reconcile);
    this.statusWorkers =
        new KeyedWorkers<>("object", new WorkQueue<>(), keys::object, status::reconcile);
    this.queries = new PlacementQueries(caches, feedback);
    this.decisions =
        settings.placementDecisionNamespace() == null
            ? null
            : new PlacementDecisionReconciler(
                its, caches, settings.placementDecisionNamespace(), settings.wdsName());
    this.decisionWorkers =
        decisions == null
            ? null
            : new KeyedWorkers<>(
                "placementdecision", new WorkQueue<>(), keys::policy, decisions::reconcile);
  }

  /**
   * Installs missing CRDs, starts every informer, waits for their caches, then starts the workers.
   */
  public void start() {
    startWatching();
    startWriting();
  }

  /**
   * Installs missing CRDs (the same on every replica), starts every informer and waits for the
   * caches: what a standby replica keeps warm so that taking over is fast. Writes nothing else.
   */
  public void startWatching() {
    CrdInstaller.install(wds, CRD_FILES);
    caches.policies =
        wds.genericKubernetesResources(Apis.BINDING_POLICIES)
            .inform(
                handler(
                    notifying(
                        (before, after) -> {
                          events.onPolicy(before, after);
                          // The RolloutPolicies that governed it before and govern it now list it.
                          rolloutPolicyOf(before);
                          rolloutPolicyOf(after);
                        })),
                0);
    caches.bindings =
        wds.genericKubernetesResources(Apis.BINDINGS)
            .inform(handler(notifying(events::onBinding)), 0);
    caches.transforms =
        wds.genericKubernetesResources(Apis.CUSTOM_TRANSFORMS)
            .inform(handler(this::onTransform), 0);
    caches.collectors =
        wds.genericKubernetesResources(Apis.STATUS_COLLECTORS)
            .inform(handler(this::onCollector), 0);
    caches.combinedStatuses =
        wds.genericKubernetesResources(Apis.COMBINED_STATUSES).inAnyNamespace().runnableInformer(0);
    caches.combinedStatuses.addIndexers(
        Map.of(PlacementCaches.BY_OBJECT_UID, PlacementCaches::objectUidOf));
    caches.combinedStatuses.addEventHandler(handler((before, after) -> changed()));
    caches.combinedStatuses.start().toCompletableFuture().join();
    caches.bindingRevisions =
        wds.genericKubernetesResources(Apis.BINDING_REVISIONS).runnableInformer(0);
    caches.bindingRevisions.addIndexers(
        Map.of(PlacementCaches.BY_BINDING, PlacementCaches::bindingOf));
    caches.bindingRevisions.addEventHandler(
        handler(
            (before, after) -> {
              // Only the RolloutPolicy governing the revision's BindingPolicy reports it.
              GenericKubernetesResource revision =
                  (GenericKubernetesResource) (after != null ? after : before);
              rollouts
                  .governing(BindingRevisions.binding(revision))
                  .ifPresent(
                      g -> rolloutPolicyWorkers.queue().add(g.object().getMetadata().getName()));
              changed();
            }));
    caches.bindingRevisions.start().toCompletableFuture().join();
    caches.rolloutPolicies =
        wds.genericKubernetesResources(Apis.ROLLOUT_POLICIES)
            .inform(
                handler(
                    (before, after) -> {
                      // Which RolloutPolicy governs a BindingPolicy depends on all of them (the
                      // first valid one by name wins), so each may gain or lose BindingPolicies.
                      allRolloutPolicies();
                      events.allBindings();
                    }),
                0);
    caches.clusters =
        its.genericKubernetesResources(Apis.MANAGED_CLUSTERS)
            .inform(handler(notifying(events::onCluster)), 0);
    // Each distinct spec is held once, however many clusters it goes to; the initial list comes
    // in pages, so a restart with a large fleet never holds every ManifestWork's JSON at once.
    caches.works =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inAnyNamespace()
            .withLabel(Apis.WDS_NAME_LABEL, settings.wdsName())
            .withLimit(WORK_LIST_PAGE)
            .runnableInformer(0);
    caches.works.itemStore(new SharedSpecStore());
    caches.works.addEventHandler(handler(this::onWork));
    caches.works.start().toCompletableFuture().join();
    workStatuses.start();
    caches.properties =
        its.configMaps()
            .inNamespace("customization-properties")
            .inform(
                handler(
                    (before, after) ->
                        events.onClusterProperties(PlacementEventRouter.name(before, after))),
                0);
    caches.objects().start();
    await("WDS object caches", caches.objects()::synced);
  }

  /**
   * Starts the loops that write (after {@link #startWatching()}): only the leader calls this.
   * Queues every policy and Binding, and writes the status of CustomTransforms and StatusCollectors
   * seen while watching.
   */
  public void startWriting() {
    writing = true;
    if (decisions != null) {
      decisions.start(queues::decisions);
    }
    caches.transforms.getStore().list().forEach(t -> onTransform(null, t));
    caches.collectors.getStore().list().forEach(c -> onCollector(null, c));
    policyWorkers.start(settings.workers());
    transportWorkers.start(settings.workers());
    statusWorkers.start(settings.workers());
    rolloutPolicyWorkers.start(1);
    if (decisionWorkers != null) {
      decisionWorkers.start(1);
    }
    events.allPolicies();
    events.allBindings();
    allRolloutPolicies();
    LOG.info("placement started: watching {} WDS resource types", caches.objects().types().size());
  }

  /**
   * Whether WDS objects of this group and resource are being watched (e.g. once their CRD is
   * Established).
   */
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
    return queries.placedObjects(policy);
  }

  /**
   * Calls {@code listener} after every change an informer brings (policies, Bindings, clusters,
   * ManifestWorks, CombinedStatuses, placed objects): for read-only views that recompute from the
   * caches (the dashboard). The listener runs on an informer thread and must return at once.
   */
  public void addChangeListener(Runnable listener) {
    changeListeners.add(listener);
  }

  /**
   * The names of the cached BindingPolicies, sorted.
   *
   * @throws InventoryUnavailableException when a cache is not loaded or its watch is down
   */
  public List<String> policyNames() {
    return queries.policyNames();
  }

  /**
   * A cached BindingPolicy as a JSON map (status and conditions included), or empty.
   *
   * @throws InventoryUnavailableException when a cache is not loaded or its watch is down
   */
  public Optional<Map<String, Object>> policyResource(String policy) {
    return queries.policyResource(policy);
  }

  /**
   * A cached ManagedCluster as a JSON map (status and conditions included), or empty.
   *
   * @throws InventoryUnavailableException when a cache is not loaded or its watch is down
   */
  public Optional<Map<String, Object>> clusterResource(String cluster) {
    return queries.clusterResource(cluster);
  }

  /** The cached CombinedStatuses of a policy's objects, as JSON maps. */
  public List<Map<String, Object>> combinedStatuses(String policy) {
    return queries.combinedStatuses(policy);
  }

  /**
   * The BindingRevisions of a Binding (one per content it had, with its rollout in status), from
   * the cache; empty when no RolloutPolicy ever governed it. Read-only: do not modify them.
   */
  public List<GenericKubernetesResource> bindingRevisions(String binding) {
    return caches.revisionsOf(binding);
  }

  /** Reconciles of policies and Bindings that failed and were retried so far (for tests). */
  public long policyAndBindingFailures() {
    return policyWorkers.failures() + transportWorkers.failures();
  }

  /**
   * The latest time from a rollout wave's soak ending to the next wave's ManifestWorks written (for
   * tests and benchmarks; {@code orrery_rollout_wave_advance_seconds} has them all).
   */
  public Duration rolloutWaveAdvance() {
    return rolloutMetrics.lastWaveAdvance();
  }

  /** The latest time from a rollout failure arising to its rollback written. */
  public Duration rolloutRollback() {
    return rolloutMetrics.lastRollback();
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
    return policyWorkers.queue().idle()
        && transportWorkers.queue().idle()
        && statusWorkers.queue().idle()
        && rolloutPolicyWorkers.queue().idle()
        && (decisionWorkers == null || decisionWorkers.queue().idle());
  }

  private void onObject(
      ResourceType type, GenericKubernetesResource before, GenericKubernetesResource after) {
    events.onObject(type, before, after);
    changed();
  }

  private void changed() {
    for (Runnable listener : changeListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("a placement change listener failed: {}", e.toString());
      }
    }
  }

  private void onCollector(GenericKubernetesResource before, GenericKubernetesResource after) {
    if (after != null && writing) {
      try {
        combined.validate(after);
      } catch (RuntimeException e) {
        LOG.warn(
            "could not write the status of StatusCollector {}: {}",
            after.getMetadata().getName(),
            e.toString());
      }
    }
    events.onCollector();
  }

  private void onTransform(GenericKubernetesResource before, GenericKubernetesResource after) {
    if (after != null && writing) {
      try {
        transformStatus.write(after);
      } catch (RuntimeException e) {
        LOG.warn(
            "could not write the status of CustomTransform {}: {}",
            after.getMetadata().getName(),
            e.toString());
      }
    }
    events.onTransform();
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
    returnedStatusChanged(
        feedback.update(cluster, w.getMetadata().getName(), (GenericKubernetesResource) after));
    events.onWork(before, after);
    changed();
  }

  /** Queues the status of the RolloutPolicy that governs this BindingPolicy version, if any. */
  private void rolloutPolicyOf(HasMetadata bindingPolicy) {
    rollouts.governingName(bindingPolicy).ifPresent(rolloutPolicyWorkers.queue()::add);
  }

  private void allRolloutPolicies() {
    if (caches.rolloutPolicies != null) {
      caches.rolloutPolicies.getStore().listKeys().forEach(rolloutPolicyWorkers.queue()::add);
    }
  }

  /** The loops' work queues, as the event router sees them. */
  private final class WorkerQueues implements PlacementEventRouter.Queues {
    @Override
    public void policy(String name) {
      policyWorkers.queue().add(name);
    }

    @Override
    public void binding(String name) {
      transportWorkers.queue().add(name);
    }

    @Override
    public void object(ObjectKey key) {
      statusWorkers.queue().add(key);
    }

    @Override
    public void decisions(String policy) {
      if (decisionWorkers != null && !policy.isEmpty()) {
        decisionWorkers.queue().add(policy);
      }
    }
  }

  /** {@code onChange}, then the change listeners. */
  private <T> BiConsumer<T, T> notifying(BiConsumer<T, T> onChange) {
    return (before, after) -> {
      onChange.accept(before, after);
      changed();
    };
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(
      BiConsumer<T, T> onChange) {
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
    transport.close();
    statusWorkers.close();
    rolloutPolicyWorkers.close();
    if (decisionWorkers != null) {
      decisionWorkers.close();
      decisions.close();
    }
    caches.objects().close();
    for (SharedIndexInformer<?> i :
        new SharedIndexInformer<?>[] {
          caches.policies,
          caches.bindings,
          caches.transforms,
          caches.collectors,
          caches.combinedStatuses,
          caches.clusters,
          caches.works,
          caches.properties,
          caches.rolloutPolicies,
          caches.bindingRevisions
        }) {
      if (i != null) {
        i.close();
      }
    }
  }
}
