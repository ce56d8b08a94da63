package dev.orrery.placement.controller;

import dev.orrery.controller.Conditions;
import dev.orrery.controller.StatusWrites;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingSpecBuilder;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.binding.SpecComparison;
import dev.orrery.placement.match.BindingPolicySpec;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.PolicyMatch;
import dev.orrery.placement.match.PolicyMatcher;
import dev.orrery.placement.match.SelectedObject;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.status.QualifiedWecs;
import dev.orrery.placement.status.SingletonStatusErrors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reconciles one BindingPolicy: matches clusters and objects, writes its Binding (only when the
 * computed spec differs), holds removals that the opt-in deletion guard stops, and writes the
 * policy's status (only when it differs). Keeps the policy's gauges, and records an Event when its
 * state changed.
 */
final class PolicyReconciler {
  private final KubernetesClient wds;
  private final PlacementCaches caches;
  private final PolicyRemovalGuard guard;
  private final PlacementMetrics metrics;
  private final PolicyEvents events;

  /** Whether status gets Orrery's {@code ClustersAvailable} condition (an opt-in addition). */
  private final boolean clustersAvailableCondition;

  PolicyReconciler(
      KubernetesClient wds,
      PlacementCaches caches,
      PolicyRemovalGuard guard,
      PlacementMetrics metrics,
      PolicyEvents events,
      boolean clustersAvailableCondition) {
    this.clustersAvailableCondition = clustersAvailableCondition;
    this.wds = wds;
    this.caches = caches;
    this.guard = guard;
    this.metrics = metrics;
    this.events = events;
  }

  Optional<Duration> reconcile(String name) {
    GenericKubernetesResource policy = caches.policy(name);
    if (policy == null || policy.getMetadata().getDeletionTimestamp() != null) {
      metrics.policyDeleted(name);
      events.forget(name);
      return Optional.empty();
    }
    long generation =
        policy.getMetadata().getGeneration() == null ? 0 : policy.getMetadata().getGeneration();
    Parsed<BindingPolicySpec> parsed = caches.parsedPolicy(policy).spec();
    List<String> errors = new ArrayList<>();
    GenericKubernetesResource binding = caches.binding(name);
    if (binding != null && binding.getMetadata().getDeletionTimestamp() != null) {
      // The Binding of a previous policy of this name is being cleaned up; its delete event
      // brings this policy back to write its own.
      return Optional.empty();
    }
    BindingContent before =
        binding == null || !ownedBy(binding, policy) ? null : caches.content(binding);
    if (!parsed.isValid()) {
      errors.addAll(parsed.errors());
      String message = "the policy is invalid; its current placements are kept";
      writeStatus(
          policy,
          generation,
          errors,
          false,
          PolicyStateEvents.INVALID_SPEC,
          message,
          null,
          List.of());
      settled(
          policy, before, PolicyState.of(PolicyStateEvents.INVALID_SPEC, message, errors, before));
      return Optional.empty();
    }
    List<Cluster> clusters = caches.clusters();
    PolicyMatch match =
        new PolicyMatcher(parsed.value()).match(clusters, caches.objects().workloadObjects());
    Map<String, Object> spec = BindingSpecBuilder.build(match);
    BindingContent next = BindingSpecReader.read(spec);

    String held =
        guard
            .holdReason(
                policy,
                before,
                next,
                p ->
                    caches.objects().get(p.object()).isPresent()
                        && caches.cluster(p.cluster()).isPresent())
            .orElse(null);
    if (held != null) {
      writeStatus(
          policy,
          generation,
          errors,
          false,
          PolicyStateEvents.REMOVALS_HELD,
          held,
          match,
          missingCollectors(parsed.value()));
      settled(
          policy, before, PolicyState.of(PolicyStateEvents.REMOVALS_HELD, held, errors, before));
      return Optional.empty();
    }
    if (binding == null
        || before == null
        || SpecComparison.needsWrite(binding.getAdditionalProperties().get("spec"), spec)
        || binding.getMetadata().getFinalizers() == null
        || !binding.getMetadata().getFinalizers().contains(Apis.CLEANUP_FINALIZER)) {
      writeBinding(policy, spec);
    }
    if (binding != null) {
      Object bindingErrors =
          Unstructured.asMap(binding.getAdditionalProperties().get("status")).get("errors");
      if (bindingErrors instanceof List<?> list) {
        list.forEach(e -> errors.add(String.valueOf(e)));
      }
    }
    singletonErrors(match).ifPresent(errors::add);
    boolean ok = errors.isEmpty();
    String reason = ok ? PolicyStateEvents.PLACED : PolicyStateEvents.ERRORS;
    String message =
        String.format(
            Locale.ROOT,
            "%d object(s) placed on %d cluster(s)",
            match.objects().size(),
            match.clusters().size());
    writeStatus(
        policy, generation, errors, ok, reason, message, match, missingCollectors(parsed.value()));
    settled(policy, before, PolicyState.of(reason, message, errors, next));
    return Optional.empty();
  }

  /**
   * Whether the Binding belongs to this policy, not to a deleted one of the same name (a revert
   * adopts it).
   */
  private static boolean ownedBy(
      GenericKubernetesResource binding, GenericKubernetesResource policy) {
    return binding.getMetadata().getOwnerReferences() != null
        && binding.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> Objects.equals(o.getUid(), policy.getMetadata().getUid()));
  }

  /**
   * After the writes: the policy's gauges show what its Binding places, and a changed state gets
   * its Events.
   */
  private void settled(
      GenericKubernetesResource policy, BindingContent storedBinding, PolicyState state) {
    metrics.policyPlaces(
        policy.getMetadata().getName(), state.clusters().size(), state.objects().size());
    events.reconciled(policy, storedBinding, state);
  }

  private Optional<String> singletonErrors(PolicyMatch match) {
    Map<ObjectKey, Integer> counts = new TreeMap<>();
    List<BindingContent> all = caches.bindingContents();
    for (SelectedObject selected : match.objects()) {
      if (selected.modulation().wantSingletonReportedState()) {
        ObjectKey key = selected.object().ref().key();
        counts.put(key, QualifiedWecs.of(key, all).singleton().size());
      }
    }
    return SingletonStatusErrors.message(counts);
  }

  private void writeBinding(GenericKubernetesResource policy, Map<String, Object> spec) {
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("apiVersion", "control.kubestellar.io/v1alpha1");
    owner.put("kind", "BindingPolicy");
    owner.put("name", policy.getMetadata().getName());
    owner.put("uid", policy.getMetadata().getUid());
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put("apiVersion", "control.kubestellar.io/v1alpha1");
    binding.put("kind", "Binding");
    binding.put(
        "metadata",
        Map.of(
            "name",
            policy.getMetadata().getName(),
            "ownerReferences",
            List.of(owner),
            "finalizers",
            List.of(Apis.CLEANUP_FINALIZER)));
    binding.put("spec", spec);
    wds.genericKubernetesResources(Apis.BINDINGS)
        .resource(Unstructureds.fromMap(binding))
        .fieldManager(Apis.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /** StatusCollectors the policy's clauses name that do not exist in the WDS. */
  private List<String> missingCollectors(BindingPolicySpec spec) {
    return spec.downsync().stream()
        .flatMap(c -> c.modulation().statusCollectors().stream())
        .distinct()
        .sorted()
        .filter(name -> caches.collectors.getStore().getByKey(name) == null)
        .toList();
  }

  private void writeStatus(
      GenericKubernetesResource policy,
      long generation,
      List<String> errors,
      boolean ready,
      String reason,
      String message,
      PolicyMatch match,
      List<String> missingCollectors) {
    Map<String, Object> previous =
        Unstructured.asMap(policy.getAdditionalProperties().get("status"));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    List<Map<String, Object>> conditions = new ArrayList<>();
    conditions.add(
        Conditions.condition("Synced", true, "Reconciled", "the policy was evaluated", generation));
    conditions.add(Conditions.condition("Ready", ready, reason, message, generation));
    conditions.add(
        Conditions.condition(
            "StatusCollectorsAvailable",
            missingCollectors.isEmpty(),
            missingCollectors.isEmpty() ? "AllFound" : "Missing",
            missingCollectors.isEmpty()
                ? "every named StatusCollector exists"
                : "missing StatusCollector(s): " + String.join(", ", missingCollectors),
            generation));
    if (clustersAvailableCondition) {
      conditions.add(
          ClustersAvailableCondition.of(
              match != null ? match.clusters() : List.of(),
              caches.unavailableClusters(),
              generation));
    }
    status.put("conditions", Conditions.merge(previous.get("conditions"), conditions));
    status.put("errors", errors.stream().distinct().limit(PolicyState.MAX_ERRORS).toList());
    if (match != null) {
      status.put("selectedClusterCount", match.clusters().size());
      status.put("selectedObjectCount", match.objects().size());
    } else {
      copy(previous, status, "selectedClusterCount", "selectedObjectCount");
    }
    if (Objects.equals(previous, status)) {
      return;
    }
    StatusWrites.ignoringNotFound(
        () -> StatusWrites.patchStatus(wds, Apis.BINDING_POLICIES, policy, status));
  }

  private static void copy(Map<String, Object> from, Map<String, Object> to, String... keys) {
    for (String k : keys) {
      if (from.containsKey(k)) {
        to.put(k, from.get(k));
      }
    }
  }
}
