package dev.orrery.app.gitsource;

import dev.orrery.controller.EventRecorder;
import dev.orrery.controller.KeyedWorkers;
import dev.orrery.controller.ResourceIdentity;
import dev.orrery.controller.WorkQueue;
import dev.orrery.gitsource.webhook.RepositoryUrls;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches GitSources in the WDS through an informer and reconciles each one on {@link KeyedWorkers}
 * (a de-duplicating work queue, one reconcile per key at a time, exponential backoff when one
 * throws): on spec or annotation changes, on its interval, and when a webhook triggers it. Writes
 * status only when it changed, and records events.
 */
public final class GitSourceController implements AutoCloseable {
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
  private SharedIndexInformer<GenericKubernetesResource> informer;

  public GitSourceController(KubernetesClient wds, GitSourceReconciler reconciler, int workers) {
    this.wds = wds;
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
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource r, boolean unknownFinalState) {
                    String key = Cache.metaNamespaceKeyFunc(r);
                    workers.forget(key);
                    reconciler.forget(key);
                  }
                },
                0);
    workers.start(workerCount);
  }

  /** Reconciles {@code namespace/name} now (e.g. on a webhook). */
  public void trigger(String key) {
    queue.add(key);
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
    ReconcileResult result = reconciler.reconcile(source);
    boolean written = writeStatus(source, result.status().toMap());
    result.events().forEach(e -> events.record(source, e.warning(), e.reason(), e.message()));
    Optional<Duration> again = Optional.ofNullable(result.requeueAfter());
    if (!written) {
      return Optional.of(
          again.filter(d -> d.compareTo(AFTER_STATUS_CONFLICT) < 0).orElse(AFTER_STATUS_CONFLICT));
    }
    return again;
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
