package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.binding.DeletionGuard;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyRemovalGuardTest {
  static final BindingContent BEFORE = content(List.of("a", "b"), List.of("c1", "c2"));
  static final BindingContent NOTHING = content(List.of(), List.of("c1", "c2"));

  @Test
  void isOffByDefaultAsInKubeStellar() {
    PolicyRemovalGuard guard = new PolicyRemovalGuard(DeletionGuard.withDefaults(), false);
    assertThat(guard.holdReason(policy(Map.of()), BEFORE, NOTHING, p -> true)).isEmpty();
  }

  @Test
  void aPolicyThatOptsInIsHeldUntilTheTokenIsConfirmed() {
    PolicyRemovalGuard guard = new PolicyRemovalGuard(DeletionGuard.withDefaults(), false);
    String reason =
        guard
            .holdReason(
                policy(Map.of(Apis.GUARD_REMOVALS_ANNOTATION, "true")), BEFORE, NOTHING, p -> true)
            .orElseThrow();
    assertThat(reason)
        .startsWith("deletion guard: this change would remove 4 of 4 placements (100%, limit 50%)")
        .contains("confirm with annotation control.orrery.dev/confirm-removals=");
    String token = reason.substring(reason.lastIndexOf('=') + 1);

    assertThat(
            guard.holdReason(
                policy(
                    Map.of(
                        Apis.GUARD_REMOVALS_ANNOTATION,
                        "true",
                        Apis.CONFIRM_REMOVALS_ANNOTATION,
                        token)),
                BEFORE,
                NOTHING,
                p -> true))
        .isEmpty();
  }

  @Test
  void guardingEveryPolicyIsASetting() {
    PolicyRemovalGuard guard = new PolicyRemovalGuard(DeletionGuard.withDefaults(), true);
    assertThat(guard.holdReason(policy(Map.of()), BEFORE, NOTHING, p -> true)).isPresent();
  }

  @Test
  void placementsWhoseObjectOrClusterIsGoneAreNeverHeld() {
    PolicyRemovalGuard guard = new PolicyRemovalGuard(new DeletionGuard(0.25), true);
    assertThat(guard.holdReason(policy(Map.of()), BEFORE, NOTHING, p -> p.cluster().equals("c1")))
        .isPresent();
    assertThat(
            guard.holdReason(
                policy(Map.of()),
                BEFORE,
                NOTHING,
                p -> p.cluster().equals("c1") && p.object().name().equals("a")))
        .as("one removal is never held")
        .isEmpty();
    assertThat(guard.holdReason(policy(Map.of()), null, NOTHING, p -> true))
        .as("a new policy")
        .isEmpty();
  }

  private static GenericKubernetesResource policy(Map<String, String> annotations) {
    GenericKubernetesResource policy = new GenericKubernetesResource();
    policy.setMetadata(new ObjectMetaBuilder().withName("p").withAnnotations(annotations).build());
    return policy;
  }

  private static BindingContent content(List<String> objects, List<String> clusters) {
    return BindingSpecReader.read(
        Map.of(
            "workload",
                Map.of(
                    "namespaceScope",
                    objects.stream()
                        .map(
                            o ->
                                Map.of(
                                    "group",
                                    "",
                                    "version",
                                    "v1",
                                    "resource",
                                    "configmaps",
                                    "namespace",
                                    "ns",
                                    "name",
                                    o))
                        .toList()),
            "destinations", clusters.stream().map(c -> Map.of("clusterId", c)).toList()));
  }
}
