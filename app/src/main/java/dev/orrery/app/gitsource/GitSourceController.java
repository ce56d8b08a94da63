package dev.orrery.app.gitsource;

import dev.orrery.controller.EventRecorder;
import dev.orrery.controller.KeyedWorkers;
import dev.orrery.controller.ResourceIdentity;
import dev.orrery.controller.WorkQueue;
import dev.orrery.gitsource.webhook.RepositoryUrls;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches GitSources in the WDS through an informer and reconciles each one on {@link KeyedWorkers}
 * (a de-duplicating work queue, one reconcile per key at a time, exponential backoff when one
 * throws): on spec or annotation changes, on its interval, and when a webhook triggers it. Writes
 * status only when it changed, and records events.
 *
 * <p>With several replicas each reconciles only the GitSources it owns ({@link SourceOwnership}); a
 * webhook received for another replica's GitSource sets annotation {@value #REQUESTED_AT} on it,
 * which the owner sees, reconciles, and records as {@code status.lastHandledReconcileAt}. When a
 * webhook arrived (here, or at another replica: annotation {@value #WEBHOOK_AT}) goes into {@code
 * status.lastWebhookTime}.
 */
public final class GitSourceController implements AutoCloseable {
  /** Annotation asking the owning replica to reconcile now (its value: when it was asked). */
  public static final String REQUESTED_AT = "gitops.orrery.dev/requestedAt";

  /** Annotation: when a webhook for this source reached another replica than its owner. */
  public static final String WEBHOOK_AT = "gitops.orrery.dev/webhookAt";

  public static final ResourceDefinitionContext GIT_SOURCES =
      new ResourceDefinitionContext.Builder()
          .withGroup("gitops.orrery.dev")
          .withVersion("v1alpha1")
          .withKind("GitSource")
          .withPlural("gitsources")
          .withNamespaced(true)
          .build();

  /**
   * How soon to look again when the status write lost to a newer version (or the source is gone).
   */
  private static final Duration AFTER_STATUS_CONFLICT = Duration.ofSeconds(1);

  private final KubernetesClient wds;
  private final GitSourceReconciler reconciler;
  private final EventRecorder events;
  private final KeyedWorkers<String> workers;
  private final WorkQueue<String> queue;
  private final int workerCount;
  private final SourceOwnership ownership;
  private final Set<String> owned = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> webhooks = new ConcurrentHashMap<>();
  private SharedIndexInformer<GenericKubernetesResource> informer;
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

  public GitSourceController(KubernetesClient wds, GitSourceReconciler reconciler, int workers) {
    this(wds, reconciler, workers, SourceOwnership.everything());
  }

  /** A controller that reconciles only the GitSources {@code ownership} gives this replica. */
  public GitSourceController(
      KubernetesClient wds,
      GitSourceReconciler reconciler,
      int workers,
      SourceOwnership ownership) {
    this.wds = wds;
    this.ownership = ownership;
    this.reconciler = reconciler;
    this.events = new EventRecorder(wds);
    this.workers =
        new KeyedWorkers<>("gitsource", new WorkQueue<>(), this::describe, this::reconcileOne);
    this.queue = this.workers.queue();
    this.workerCount = workers;
  }

  public void start() {
    informer =
        wds.genericKubernetesResources(GIT_SOURCES)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource r) {
                    queue.add(Cache.metaNamespaceKeyFunc(r));
                    changed();
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource before, GenericKubernetesResource after) {
                    if (!Objects.equals(
                            before.getMetadata().getGeneration(),
                            after.getMetadata().getGeneration())
                        || !Objects.equals(
                            before.getMetadata().getAnnotations(),
                            after.getMetadata().getAnnotations())) {
                      queue.add(Cache.metaNamespaceKeyFunc(after));
                    }
                    changed();
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource r, boolean unknownFinalState) {
                    String key = Cache.metaNamespaceKeyFunc(r);
                    workers.forget(key);
                    webhooks.remove(key);
                    reconciler.forget(key);
                    changed();
                  }
                },
                0);
    workers.start(workerCount);
    ownership.onChange(this::rebalance);
    rebalance();
  }

  /**
   * Calls {@code listener} after every change of a cached GitSource (its status too): for read-only
   * views that recompute from the cache (the dashboard). It runs on the informer's thread and must
   * return at once.
   */
  public void addChangeListener(Runnable listener) {
    changeListeners.add(listener);
  }

  private void changed() {
    changeListeners.forEach(Runnable::run);
  }

  /**
   * Reconciles {@code namespace/name} now (e.g. on a webhook): here when this replica owns it,
   * otherwise by setting {@value #REQUESTED_AT} for its owner.
   */
  public void trigger(String key) {
    Instant now = Instant.now();
    if (ownership.owns(key)) {
      webhooks.put(key, now);
      queue.add(key);
      return;
    }
    int slash = key.indexOf('/');
    try {
      wds.genericKubernetesResources(GIT_SOURCES)
          .inNamespace(key.substring(0, slash))
          .withName(key.substring(slash + 1))
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\""
                  + REQUESTED_AT
                  + "\":\""
                  + now
                  + "\",\""
                  + WEBHOOK_AT
                  + "\":\""
                  + now
                  + "\"}}}");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** Queues the GitSources this replica owns now and did not before; forgets those it lost. */
  private void rebalance() {
    if (informer == null) {
      return;
    }
    for (GenericKubernetesResource r : informer.getStore().list()) {
      String key = Cache.metaNamespaceKeyFunc(r);
      if (ownership.owns(key)) {
        if (owned.add(key)) {
          queue.add(key);
        }
      } else {
        owned.remove(key);
      }
    }
  }

  /** The GitSources in the informer cache that this replica owns (reports to Git are theirs). */
  public List<GenericKubernetesResource> owned() {
    return all().stream().filter(r -> ownership.owns(Cache.metaNamespaceKeyFunc(r))).toList();
  }

  /**
   * The keys of GitSources whose URL is the same repository as {@code url} (and, if given, ref).
   */
  public List<String> sourcesFor(String url) {
    List<String> keys = new ArrayList<>();
    for (GenericKubernetesResource r : informer.getStore().list()) {
      Object spec = r.getAdditionalProperties().get("spec");
      if (spec instanceof Map<?, ?> m
          && m.get("url") != null
          && RepositoryUrls.sameRepository(url, m.get("url").toString())) {
        keys.add(Cache.metaNamespaceKeyFunc(r));
      }
    }
    return keys;
  }

  /** Every GitSource in the informer cache (empty before start). */
  public List<GenericKubernetesResource> all() {
    return informer == null ? List.of() : informer.getStore().list();
  }

  /** The GitSource as the informer cache has it. */
  public GenericKubernetesResource cached(String key) {
    return informer.getStore().getByKey(key);
  }

  /** The GitSource a key ({@code namespace/name}) stands for, for the logging MDC. */
  private ResourceIdentity describe(String key) {
    int slash = key.indexOf('/');
    return ResourceIdentity.of(
        "GitSource", key.substring(0, slash), key.substring(slash + 1), cached(key));
  }

  /**
   * One reconcile of {@code key}: when to look again is the reconciler's (its interval, or sooner
   * after a failure), or shortly when the status write lost to a newer version.
   */
  private Optional<Duration> reconcileOne(String key) {
    GenericKubernetesResource source = informer.getStore().getByKey(key);
    if (source == null || source.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    if (!ownership.owns(key)) {
      owned.remove(key);
      return Optional.empty();
    }
    owned.add(key);
    ReconcileResult result = reconciler.reconcile(source, webhookAt(key, source));
    Map<String, Object> status = new LinkedHashMap<>(result.status().toMap());
    requestedAt(source).ifPresent(at -> status.put("lastHandledReconcileAt", at));
    boolean written = writeStatus(source, status);
    result.events().forEach(e -> events.record(source, e.warning(), e.reason(), e.message()));
    Optional<Duration> again = Optional.ofNullable(result.requeueAfter());
    if (!written) {
      return Optional.of(
          again.filter(d -> d.compareTo(AFTER_STATUS_CONFLICT) < 0).orElse(AFTER_STATUS_CONFLICT));
    }
    return again;
  }

  /** The latest webhook known for a source: received here, or noted by another replica. */
  private Instant webhookAt(String key, GenericKubernetesResource source) {
    Instant here = webhooks.get(key);
    Map<String, String> annotations = source.getMetadata().getAnnotations();
    String noted = annotations == null ? null : annotations.get(WEBHOOK_AT);
    Instant there = null;
    if (noted != null) {
      try {
        there = Instant.parse(noted);
      } catch (java.time.format.DateTimeParseException unreadable) {
        there = null;
      }
    }
    if (here == null) {
      return there;
    }
    return there == null || here.isAfter(there) ? here : there;
  }

  private static Optional<String> requestedAt(GenericKubernetesResource source) {
    Map<String, String> annotations = source.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(REQUESTED_AT));
  }

  /**
   * Writes {@code status} unless it is the cached one; false when a newer version exists (or the
   * source is gone): the informer brings it and the next reconcile writes again.
   */
  private boolean writeStatus(GenericKubernetesResource source, Map<String, Object> status) {
    if (Objects.equals(source.getAdditionalProperties().get("status"), status)) {
      return true;
    }
    GenericKubernetesResource copy = new GenericKubernetesResource();
    copy.setApiVersion(source.getApiVersion());
    copy.setKind(source.getKind());
    copy.setMetadata(source.getMetadata());
    copy.setAdditionalProperties(new java.util.LinkedHashMap<>(source.getAdditionalProperties()));
    copy.getAdditionalProperties().put("status", status);
    try {
      wds.genericKubernetesResources(GIT_SOURCES)
          .inNamespace(source.getMetadata().getNamespace())
          .resource(copy)
          .updateStatus();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    workers.close();
    if (informer != null) {
      informer.close();
    }
  }
}
