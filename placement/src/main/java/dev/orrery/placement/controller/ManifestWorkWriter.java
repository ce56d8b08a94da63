package dev.orrery.placement.controller;

import dev.orrery.controller.StatusWrites;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.rollout.ContentHash;
import dev.orrery.placement.transport.ShardNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes ManifestWorks into ITS mailboxes (server-side apply, delete) and remembers what this
 * process last wrote to each, so that a pass that runs before the informer cache caught up neither
 * writes the same content twice nor loses track of a ManifestWork it just created.
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

  ManifestWorkWriter(KubernetesClient its, PlacementMetrics metrics) {
    this.its = its;
    this.metrics = metrics;
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
    GenericKubernetesResource stored =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inNamespace(cluster)
            .resource(Unstructureds.resource(work))
            .fieldManager(Apis.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
    itsWrites.incrementAndGet();
    metrics.manifestWorkWritten(operation);
    Long generation = stored.getMetadata().getGeneration();
    written
        .computeIfAbsent(cluster, c -> new ConcurrentHashMap<>())
        .put(name, new Written(hash, generation == null ? 0 : generation));
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
