package dev.orrery.placement.controller;

import dev.orrery.controller.StatusWrites;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.rollout.RolloutPolicySpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a RolloutPolicy's status: whether its spec is valid (errors with their field paths), and
 * per governed BindingPolicy the rollout of its current revision (number, source revision, phase,
 * wave, clusters updated, message), from the BindingRevision cache.
 */
final class RolloutPolicyStatusWriter {
  private final KubernetesClient wds;
  private final PlacementCaches caches;
  private final BindingRollouts rollouts;

  RolloutPolicyStatusWriter(
      KubernetesClient wds, PlacementCaches caches, BindingRollouts rollouts) {
    this.wds = wds;
    this.caches = caches;
    this.rollouts = rollouts;
  }

  Optional<Duration> reconcile(String name) {
    GenericKubernetesResource policy = caches.rolloutPolicies.getStore().getByKey(name);
    if (policy == null || policy.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    Parsed<RolloutPolicySpec> spec = rollouts.spec(policy);
    Map<String, Object> previous =
        Unstructured.asMap(policy.getAdditionalProperties().get("status"));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", policy.getMetadata().getGeneration());
    status.put("errors", spec.errors());
    List<Map<String, Object>> bindings = new ArrayList<>();
    if (spec.value() != null) {
      rollouts
          .governedBy()
          .forEach(
              (bpName, rolloutPolicy) -> {
                if (rolloutPolicy.equals(name)) {
                  bindings.add(summary(bpName));
                }
              });
    }
    bindings.sort(Comparator.comparing(b -> String.valueOf(b.get("name"))));
    status.put("bindingCount", bindings.size());
    status.put("bindings", bindings);
    status.put("conditions", List.of(valid(spec, previous)));
    if (!Objects.equals(withoutTimes(previous), withoutTimes(status))) {
      StatusWrites.ignoringNotFound(
          () -> StatusWrites.patchStatus(wds, Apis.ROLLOUT_POLICIES, policy, status));
    }
    return Optional.empty();
  }

  /** The current rollout of one BindingPolicy's Binding. */
  private Map<String, Object> summary(String binding) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", binding);
    caches.revisionsOf(binding).stream()
        .filter(
            r ->
                Unstructured.string(
                        Unstructured.asMap(r.getAdditionalProperties().get("status")), "replacedBy")
                    .orElse("")
                    .isEmpty())
        .max(Comparator.comparingLong(BindingRevisions::number))
        .ifPresent(
            r -> {
              Map<String, Object> s = Unstructured.asMap(r.getAdditionalProperties().get("status"));
              Map<String, Object> spec =
                  Unstructured.asMap(r.getAdditionalProperties().get("spec"));
              row.put("revision", spec.get("revision"));
              row.put("contentHash", spec.get("contentHash"));
              row.put("sourceRevision", spec.getOrDefault("sourceRevision", ""));
              row.put("phase", s.getOrDefault("phase", "Pending"));
              row.put("wave", s.getOrDefault("waveText", "-"));
              row.put("updated", s.getOrDefault("updatedText", "-"));
              row.put("message", s.getOrDefault("message", ""));
            });
    return row;
  }

  private static Map<String, Object> valid(
      Parsed<RolloutPolicySpec> spec, Map<String, Object> previous) {
    String status = spec.value() != null ? "True" : "False";
    String since = Instant.now().toString();
    if (previous.get("conditions") instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> c = Unstructured.asMap(o);
        if ("Valid".equals(c.get("type"))
            && status.equals(c.get("status"))
            && c.get("lastTransitionTime") instanceof String t) {
          since = t;
        }
      }
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", "Valid");
    c.put("status", status);
    c.put("reason", spec.value() != null ? "Valid" : "InvalidSpec");
    c.put("message", spec.value() != null ? "" : String.join("; ", spec.errors()));
    c.put("lastTransitionTime", since);
    return c;
  }

  private static Map<String, Object> withoutTimes(Map<String, Object> status) {
    Map<String, Object> copy = new LinkedHashMap<>(status);
    copy.remove("conditions");
    Object conditions = status.get("conditions");
    if (conditions instanceof List<?> list) {
      List<Object> stripped = new ArrayList<>();
      for (Object o : list) {
        Map<String, Object> c = new LinkedHashMap<>(Unstructured.asMap(o));
        c.remove("lastTransitionTime");
        stripped.add(c);
      }
      copy.put("conditions", stripped);
    }
    return copy;
  }
}
