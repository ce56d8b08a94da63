package dev.orrery.placement.controller;

import dev.orrery.controller.ResourceType;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.ClusterAvailability;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.PolicyMatcher;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.match.WorkloadObject;
import dev.orrery.placement.transport.ManifestWorkReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns informer events into the keys of the loops whose result they can change: policies (match →
 * Binding), Bindings (→ ManifestWorks), WDS objects (status back) and PlacementDecisions. It reads
 * only through {@link Sources} and writes only to {@link Queues}, so it is tested without a
 * cluster.
 */
final class PlacementEventRouter {

  /** What routing reads: the informer caches, empty before their informers start. */
  interface Sources {
    /** Every cached BindingPolicy, parsed once per resourceVersion. */
    List<ParsedPolicy> parsedPolicies();

    /** Every cached Binding (those being deleted too) by name, with its typed spec. */
    Map<String, BindingContent> bindingsByName();

    /** The typed spec of one version of a Binding. */
    BindingContent content(GenericKubernetesResource binding);

    /** The matcher's view of one WDS object. */
    WorkloadObject workloadObject(ResourceType type, GenericKubernetesResource object);
  }

  /** Where routed keys go: the loops' work queues. */
  interface Queues {
    void policy(String name);

    void binding(String name);

    void object(ObjectKey key);

    void decisions(String policy);
  }

  private final Sources sources;
  private final Queues queues;

  PlacementEventRouter(Sources sources, Queues queues) {
    this.sources = sources;
    this.queues = queues;
  }

  /**
   * A BindingPolicy changed: its match and its PlacementDecisions; when it is deleted, also its
   * Binding's transport, which then lets go of ManifestWorks it held for a next incarnation.
   */
  void onPolicy(HasMetadata before, HasMetadata after) {
    String name = name(before, after);
    queues.policy(name);
    queues.decisions(name);
    if (after == null
        || (before != null
            && !Objects.equals(
                before.getMetadata().getAnnotations(), after.getMetadata().getAnnotations()))) {
      // Deleted: its transport lets go of what it held for a next incarnation. Annotations
      // changed: they may pause, promote or abort its rollout.
      queues.binding(name);
    }
  }

  /**
   * A WDS object was added, deleted or changed other than in status: the policies matching it
   * before or after; a Namespace's label change: every policy.
   */
  void onObject(
      ResourceType type, GenericKubernetesResource before, GenericKubernetesResource after) {
    if (before != null && after != null && !meaningfulChange(before, after)) {
      return;
    }
    if ("namespaces".equals(type.plural())
        && type.group().isEmpty()
        && before != null
        && after != null
        && !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())) {
      allPolicies();
      return;
    }
    WorkloadObject b = before == null ? null : sources.workloadObject(type, before);
    WorkloadObject a = after == null ? null : sources.workloadObject(type, after);
    for (ParsedPolicy policy : sources.parsedPolicies()) {
      Optional<PolicyMatcher> matcher = policy.matcher();
      if (matcher.isPresent()
          && ((b != null && matcher.get().matchObject(b).isPresent())
              || (a != null && matcher.get().matchObject(a).isPresent()))) {
        queues.policy(policy.name());
      }
    }
  }

  /**
   * A Binding changed: its policy (status); unless only its status changed, its transport, its
   * PlacementDecisions and the status of every object it placed before or after.
   */
  void onBinding(HasMetadata before, HasMetadata after) {
    String name = name(before, after);
    queues.policy(name);
    if (before != null
        && after != null
        && Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
        && Objects.equals(
            before.getMetadata().getDeletionTimestamp(), after.getMetadata().getDeletionTimestamp())
        && Objects.equals(
            before.getMetadata().getFinalizers(), after.getMetadata().getFinalizers())) {
      return; // only its status changed: nothing to transport
    }
    queues.binding(name);
    queues.decisions(name);
    statusAffected(before, after).forEach(queues::object);
  }

  /**
   * The objects whose returned status a Binding change may change: which WECs qualify for an
   * object's reported state depends on its own entry and the Binding's destinations only, so when
   * the destinations stay, only the objects whose entry was added, removed or changed; otherwise
   * every object of either version.
   */
  private Set<ObjectKey> statusAffected(HasMetadata before, HasMetadata after) {
    BindingContent was = before instanceof GenericKubernetesResource g ? sources.content(g) : null;
    BindingContent is = after instanceof GenericKubernetesResource g ? sources.content(g) : null;
    Map<ObjectKey, BindingEntry> wasEntries = entriesByKey(was);
    Map<ObjectKey, BindingEntry> isEntries = entriesByKey(is);
    Set<ObjectKey> keys = new HashSet<>(wasEntries.keySet());
    keys.addAll(isEntries.keySet());
    if (was != null && is != null && was.destinations().equals(is.destinations())) {
      keys.removeIf(k -> Objects.equals(wasEntries.get(k), isEntries.get(k)));
    }
    return keys;
  }

  private static Map<ObjectKey, BindingEntry> entriesByKey(BindingContent content) {
    Map<ObjectKey, BindingEntry> out = new HashMap<>();
    if (content != null) {
      content.entries().forEach(e -> out.put(e.ref().key(), e));
    }
    return out;
  }

  /**
   * A StatusCollector changed: every policy, and the status of every object a collector applies to.
   */
  void onCollector() {
    allPolicies();
    for (BindingContent content : sources.bindingsByName().values()) {
      for (BindingEntry e : content.entries()) {
        if (!e.modulation().statusCollectors().isEmpty()) {
          queues.object(e.ref().key());
        }
      }
    }
  }

  /** A CustomTransform changed: every Binding is transported again. */
  void onTransform() {
    allBindings();
  }

  /**
   * A ManifestWork's spec changed, it was added or deleted (by anyone), the work agent now reports
   * it applied at its spec (a previous incarnation's ManifestWorks may be waiting for that), or it
   * carries a rollout revision and anything about it changed: its Binding is transported again.
   */
  void onWork(HasMetadata before, HasMetadata after) {
    HasMetadata w = after != null ? after : before;
    boolean specChanged =
        before == null
            || after == null
            || !Objects.equals(
                before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
            || (!appliedAtGeneration(before) && appliedAtGeneration(after))
            // Under a rollout, what the work agent reports (conditions, status feedback) is the
            // health that gates the next wave.
            || inRollout(after);
    String binding =
        w.getMetadata().getLabels() == null
            ? null
            : w.getMetadata().getLabels().get(Apis.BINDING_KEY_LABEL);
    if (specChanged && binding != null) {
      queues.binding(binding);
    }
  }

  private static boolean inRollout(HasMetadata work) {
    return work instanceof GenericKubernetesResource g && !BindingRollouts.revisionOf(g).isEmpty();
  }

  private static boolean appliedAtGeneration(HasMetadata work) {
    return work instanceof GenericKubernetesResource g
        && ManifestWorkReader.appliedAtGeneration(Unstructureds.view(g));
  }

  /**
   * A ManagedCluster was added, deleted, or relabelled or re-annotated: only the policies whose
   * selection of it flips are re-evaluated; the Bindings already placing onto it are re-sent (its
   * labels and annotations feed template expansion). Other updates (status, leases) change nothing
   * placement reads.
   */
  void onCluster(GenericKubernetesResource before, GenericKubernetesResource after) {
    Cluster was = before == null ? null : Cluster.fromManagedCluster(Unstructureds.toMap(before));
    Cluster now = after == null ? null : Cluster.fromManagedCluster(Unstructureds.toMap(after));
    if (was != null
        && now != null
        && was.labels().equals(now.labels())
        && was.annotations().equals(now.annotations())) {
      if (!ClusterAvailability.unavailableReason(Unstructureds.view(before))
          .equals(ClusterAvailability.unavailableReason(Unstructureds.view(after)))) {
        // Availability flipped: the policies selecting it report it, and its rollouts count it.
        for (ParsedPolicy policy : sources.parsedPolicies()) {
          if (policy.matcher().map(m -> m.selectsCluster(now)).orElse(false)) {
            queues.policy(policy.name());
          }
        }
        onClusterProperties(now.name());
      }
      return; // otherwise a status update such as a lease renewal changes nothing placement reads
    }
    for (ParsedPolicy policy : sources.parsedPolicies()) {
      Optional<PolicyMatcher> matcher = policy.matcher();
      if (matcher.isPresent()
          && (was != null && matcher.get().selectsCluster(was))
              != (now != null && matcher.get().selectsCluster(now))) {
        queues.policy(policy.name());
      }
    }
    onClusterProperties(name(before, after));
  }

  /**
   * What is known of a cluster for template expansion changed: the Bindings placing onto it are
   * re-sent.
   */
  void onClusterProperties(String cluster) {
    sources
        .bindingsByName()
        .forEach(
            (name, content) -> {
              if (content.destinations().contains(cluster)) {
                queues.binding(name);
              }
            });
  }

  void allPolicies() {
    sources.parsedPolicies().forEach(p -> queues.policy(p.name()));
  }

  void allBindings() {
    sources.bindingsByName().keySet().forEach(queues::binding);
  }

  /** Everything but status, resourceVersion, managedFields and generation-only bookkeeping. */
  static boolean meaningfulChange(
      GenericKubernetesResource before, GenericKubernetesResource after) {
    Map<String, Object> b = Unstructureds.toMap(before);
    Map<String, Object> a = Unstructureds.toMap(after);
    for (Map<String, Object> m : List.of(b, a)) {
      m.remove("status");
      Map<String, Object> meta = new LinkedHashMap<>(Unstructured.asMap(m.get("metadata")));
      meta.remove("resourceVersion");
      meta.remove("managedFields");
      m.put("metadata", meta);
    }
    return !b.equals(a);
  }

  static String name(HasMetadata before, HasMetadata after) {
    return (after != null ? after : before).getMetadata().getName();
  }
}
