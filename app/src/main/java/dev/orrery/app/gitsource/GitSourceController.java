package dev.orrery.app.gitsource;

import dev.orrery.controller.EventRecorder;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Watches GitSources in the WDS through an informer and reconciles each one through a
 * de-duplicating work queue: on spec changes, on its interval, and when a webhook triggers it.
 * Writes status only when it changed, and records events.
 */
public final class GitSourceController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitSourceController.class);
  public static final ResourceDefinitionContext GIT_SOURCES = new ResourceDefinitionContext.Builder()
      .withGroup("gitops.orrery.dev").withVersion("v1alpha1").withKind("GitSource")
      .withPlural("gitsources").withNamespaced(true).build();

  private final KubernetesClient wds;
  private final GitSourceReconciler reconciler;
  private final EventRecorder events;
  private final WorkQueue<String> queue = new WorkQueue<>();
  private final int workers;
  private ExecutorService pool;
  private SharedIndexInformer<GenericKubernetesResource> informer;

  public GitSourceController(KubernetesClient wds, GitSourceReconciler reconciler, int workers) {
    this.wds = wds;
    this.reconciler = reconciler;
    this.events = new EventRecorder(wds);
    this.workers = workers;
  }

  public void start() {
    informer = wds.genericKubernetesResources(GIT_SOURCES).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource r) {
        queue.add(Cache.metaNamespaceKeyFunc(r));
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        if (!Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
            || !Objects.equals(before.getMetadata().getAnnotations(), after.getMetadata().getAnnotations())) {
          queue.add(Cache.metaNamespaceKeyFunc(after));
        }
      }

      @Override
      public void onDelete(GenericKubernetesResource r, boolean unknownFinalState) {
        String key = Cache.metaNamespaceKeyFunc(r);
        queue.forget(key);
        reconciler.forget(key);
      }
    }, 0);
    pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "gitsource-worker");
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < workers; i++) {
      pool.submit(this::work);
    }
  }

  /** Reconciles {@code namespace/name} now (e.g. on a webhook). */
  public void trigger(String key) {
    queue.add(key);
  }

  /** The keys of GitSources whose URL is the same repository as {@code url} (and, if given, ref). */
  public List<String> sourcesFor(String url) {
    List<String> keys = new ArrayList<>();
    for (GenericKubernetesResource r : informer.getStore().list()) {
      Object spec = r.getAdditionalProperties().get("spec");
      if (spec instanceof Map<?, ?> m && m.get("url") != null && RepositoryUrls.sameRepository(url, m.get("url").toString())) {
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

  private void work() {
    try {
      while (true) {
        var next = queue.take();
        if (next.isEmpty()) {
          return;
        }
        String key = next.get();
        MDC.put("gitsource", key);
        try {
          reconcileOne(key);
        } catch (RuntimeException e) {
          LOG.error("reconcile of {} failed unexpectedly; retrying in 10s", key, e);
          queue.addAfter(key, Duration.ofSeconds(10));
        } finally {
          MDC.remove("gitsource");
          queue.done(key);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void reconcileOne(String key) {
    GenericKubernetesResource source = informer.getStore().getByKey(key);
    if (source == null || source.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    ReconcileResult result = reconciler.reconcile(source);
    writeStatus(source, result.status());
    result.events().forEach(e -> events.record(source, e.warning(), e.reason(), e.message()));
    if (result.requeueAfter() != null) {
      queue.addAfter(key, result.requeueAfter());
    }
  }

  private void writeStatus(GenericKubernetesResource source, Map<String, Object> status) {
    if (Objects.equals(source.getAdditionalProperties().get("status"), status)) {
      return;
    }
    GenericKubernetesResource copy = new GenericKubernetesResource();
    copy.setApiVersion(source.getApiVersion());
    copy.setKind(source.getKind());
    copy.setMetadata(source.getMetadata());
    copy.setAdditionalProperties(new java.util.LinkedHashMap<>(source.getAdditionalProperties()));
    copy.getAdditionalProperties().put("status", status);
    try {
      wds.genericKubernetesResources(GIT_SOURCES).inNamespace(source.getMetadata().getNamespace())
          .resource(copy).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        // A newer version exists (or the source is gone); the informer brings it and we retry.
        queue.addAfter(Cache.metaNamespaceKeyFunc(source), Duration.ofSeconds(1));
        return;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    queue.shutDown();
    if (informer != null) {
      informer.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
