package dev.orrery.placement.controller;

import dev.orrery.controller.StatusWrites;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.rollout.ContentHash;
import dev.orrery.placement.transport.ManifestWorkBuilder;
import dev.orrery.placement.transport.ShardNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes ManifestWorks into ITS mailboxes (server-side apply; a create by POST where that is
 * equivalent, see {@link #createOrApply}; delete) and remembers what this process last wrote to
 * each, so that a pass that runs before the informer cache caught up neither writes the same
 * content twice nor loses track of a ManifestWork it just created.
 */
final class ManifestWorkWriter {
  private final KubernetesClient its;
  private final PlacementMetrics metrics;
  private final AtomicLong itsWrites = new AtomicLong();

  /**
   * What this process last wrote to each ManifestWork, by mailbox (namespace) then name: the
   * content hash and the generation the ITS gave it. Forgotten when the ManifestWork is deleted or
   * changed by someone else (see {@link #observed}).
   */
  private final Map<String, Map<String, Written>> written = new ConcurrentHashMap<>();

  private record Written(String hash, long generation) {}

  /**
   * The ITS client for creates by POST: fabric8 sends no field manager with a create, so the API
   * server names the manager after the user agent's first word, which this client sets to {@value
   * Apis#FIELD_MANAGER}.
   */
  private final KubernetesClient creator;

  ManifestWorkWriter(KubernetesClient its, PlacementMetrics metrics) {
    this.its = its;
    this.metrics = metrics;
    this.creator =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(its.getConfiguration())
                    .withUserAgent(Apis.FIELD_MANAGER + "/placement")
                    .build())
            .build();
  }

  void close() {
    creator.close();
  }

  /** ManifestWork creates, updates and deletes issued so far (for benchmarks and tests). */
  long itsWrites() {
    return itsWrites.get();
  }

  /** The names this process wrote into {@code cluster}'s mailbox and has not deleted. */
  Set<String> writtenNames(String cluster) {
    return Set.copyOf(written.getOrDefault(cluster, Map.of()).keySet());
  }

  /**
   * Applies {@code work} to {@code cluster}'s mailbox unless this process last wrote the same;
   * {@code specHash} is the content hash of its spec (computed once for a spec many clusters get).
   */
  void apply(
      String cluster,
      Map<String, Object> work,
      String specHash,
      PlacementMetrics.Operation operation) {
    String name = String.valueOf(Unstructured.asMap(work.get("metadata")).get("name"));
    // A digest of everything written, not Map.hashCode: that is a sum, so two edits can cancel
    // out (an image tag and an annotation both going from v1 to v2 did) and a real change would
    // be taken for the last write and dropped.
    Map<String, Object> metadata = Unstructured.asMap(work.get("metadata"));
    String hash =
        ContentHash.of(
            List.of(
                Map.entry("spec", Map.of("hash", specHash)),
                Map.entry("labels", Unstructured.asMap(metadata.get("labels"))),
                Map.entry("annotations", Unstructured.asMap(metadata.get("annotations")))));
    Written last = written.getOrDefault(cluster, Map.of()).get(name);
    if (last != null && last.hash().equals(hash)) {
      return;
    }
    GenericKubernetesResource resource = Unstructureds.resource(work);
    GenericKubernetesResource stored =
        operation == PlacementMetrics.Operation.CREATE && onlyLastingMetadata(metadata)
            ? createOrApply(cluster, resource)
            : serverSideApply(cluster, resource);
    itsWrites.incrementAndGet();
    metrics.manifestWorkWritten(operation);
    Long generation = stored.getMetadata().getGeneration();
    written
        .computeIfAbsent(cluster, c -> new ConcurrentHashMap<>())
        .put(name, new Written(hash, generation == null ? 0 : generation));
  }

  private GenericKubernetesResource serverSideApply(
      String cluster, GenericKubernetesResource work) {
    return its.genericKubernetesResources(Apis.MANIFEST_WORKS)
        .inNamespace(cluster)
        .resource(work)
        .fieldManager(Apis.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Creates by POST, which costs the ITS API server about a third less than a server-side apply
   * (ItsWriteCostBenchmark), or applies when the ManifestWork exists after all (written before this
   * process's cache saw it). Later writes are server-side applies by the same field manager; they
   * take over what the create set, except fields they stop setting, which the create's entry would
   * keep. So a create goes by POST only when every field it sets is one every later write sets too
   * ({@link #onlyLastingMetadata}): spec's two lists (atomic, always written), the Binding labels
   * and the generation annotation.
   */
  private GenericKubernetesResource createOrApply(String cluster, GenericKubernetesResource work) {
    try {
      return creator
          .genericKubernetesResources(Apis.MANIFEST_WORKS)
          .inNamespace(cluster)
          .resource(work)
          .create();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != java.net.HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return serverSideApply(cluster, work);
    }
  }

  /**
   * Whether the ManifestWork's metadata holds only what every write of it sets: its labels (fixed
   * per Binding) and no annotation but the Binding generation (a rollout's annotations come and
   * go).
   */
  private static boolean onlyLastingMetadata(Map<String, Object> metadata) {
    return Unstructured.asMap(metadata.get("annotations")).keySet().stream()
        .allMatch(ManifestWorkBuilder.GENERATION_ANNOTATION::equals);
  }

  /**
   * Tells the writer what the ITS now holds: a deleted ManifestWork, or one whose generation moved
   * past what this process wrote (someone else changed it), is written again when due.
   */
  void observed(String cluster, String name, GenericKubernetesResource work) {
    Map<String, Written> mailbox = written.get(cluster);
    Written last = mailbox == null ? null : mailbox.get(name);
    if (last == null) {
      return;
    }
    Long generation = work == null ? null : work.getMetadata().getGeneration();
    if (work == null || (generation != null && generation > last.generation())) {
      mailbox.remove(name);
    }
  }

  /**
   * Deletes the ManifestWorks of a Binding incarnation that this process wrote but the informer
   * cache does not hold yet ({@code cached}), so that a Binding deleted right after its transport
   * leaves none behind.
   */
  void deleteWrittenNotYetCached(String incarnation, List<GenericKubernetesResource> cached) {
    Set<String> seen = new HashSet<>();
    cached.forEach(w -> seen.add(w.getMetadata().getNamespace() + "/" + w.getMetadata().getName()));
    written.forEach(
        (cluster, names) ->
            List.copyOf(names.keySet()).stream()
                .filter(
                    name ->
                        ShardNames.startOf(incarnation, name).isPresent()
                            && !seen.contains(cluster + "/" + name))
                .forEach(name -> delete(cluster, name)));
  }

  void delete(GenericKubernetesResource work) {
    delete(work.getMetadata().getNamespace(), work.getMetadata().getName());
  }

  void delete(String cluster, String name) {
    Map<String, Written> mailbox = written.get(cluster);
    if (mailbox != null) {
      mailbox.remove(name);
    }
    StatusWrites.ignoringNotFound(
        () -> {
          boolean deleted =
              !its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                  .inNamespace(cluster)
                  .withName(name)
                  .delete()
                  .isEmpty();
          itsWrites.incrementAndGet();
          if (deleted) {
            metrics.manifestWorkWritten(PlacementMetrics.Operation.DELETE);
          }
        });
  }
}
