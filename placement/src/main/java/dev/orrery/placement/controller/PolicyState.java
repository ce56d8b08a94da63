package dev.orrery.placement.controller;

import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a BindingPolicy's Events report on: the reason and message of its Ready condition, its
 * errors (as its status lists them: distinct, at most 20), and the clusters and objects its Binding
 * places.
 */
record PolicyState(
    String reason,
    String message,
    List<String> errors,
    SortedSet<String> clusters,
    SortedSet<ObjectKey> objects) {
  static final int MAX_ERRORS = 20;

  PolicyState {
    errors = errors.stream().distinct().limit(MAX_ERRORS).toList();
    clusters = Collections.unmodifiableSortedSet(new TreeSet<>(clusters));
    objects = Collections.unmodifiableSortedSet(new TreeSet<>(objects));
  }

  /**
   * The state of a reconcile that leaves {@code placed} in the Binding ({@code null}: no Binding).
   */
  static PolicyState of(String reason, String message, List<String> errors, BindingContent placed) {
    SortedSet<String> clusters = new TreeSet<>();
    SortedSet<ObjectKey> objects = new TreeSet<>();
    if (placed != null) {
      clusters.addAll(placed.destinations());
      placed.entries().stream().map(BindingEntry::ref).map(r -> r.key()).forEach(objects::add);
    }
    return new PolicyState(reason, message, errors, clusters, objects);
  }

  /**
   * The state a policy's stored status and Binding record, or empty when its status has no Ready
   * condition (it was never reconciled).
   */
  static Optional<PolicyState> stored(Map<String, Object> status, BindingContent binding) {
    Map<String, Object> ready = null;
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object o : conditions) {
        Map<String, Object> c = Unstructured.asMap(o);
        if ("Ready".equals(c.get("type"))) {
          ready = c;
        }
      }
    }
    if (ready == null) {
      return Optional.empty();
    }
    List<String> errors =
        status.get("errors") instanceof List<?> list
            ? list.stream().map(String::valueOf).toList()
            : List.of();
    return Optional.of(
        of(
            String.valueOf(ready.get("reason")),
            String.valueOf(ready.get("message")),
            errors,
            binding));
  }
}
