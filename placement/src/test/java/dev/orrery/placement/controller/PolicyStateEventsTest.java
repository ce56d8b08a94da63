package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.controller.PolicyStateEvents.PolicyEvent;
import dev.orrery.placement.match.Modulation;
import dev.orrery.placement.match.WorkloadRef;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PolicyStateEventsTest {
  private static final BindingContent EDGE = content(List.of("cluster1", "cluster2"), "web", "api");

  @Test
  void aFirstReconcileRecordsItsReadinessOnly() {
    assertThat(PolicyStateEvents.between(null, placed(EDGE)))
        .containsExactly(new PolicyEvent(false, "Placed", "2 object(s) placed on 2 cluster(s)"));
    assertThat(PolicyStateEvents.between(null, invalid("spec.clusterSelectors[0]: bad operator")))
        .containsExactly(
            new PolicyEvent(
                true,
                "InvalidSpec",
                "the policy is invalid; its current placements are kept: spec.clusterSelectors[0]: bad operator"));
  }

  @Test
  void theSameStateAgainRecordsNothing() {
    assertThat(PolicyStateEvents.between(placed(EDGE), placed(EDGE))).isEmpty();
    PolicyState errors =
        PolicyState.of(
            "Errors",
            "1 object(s) placed on 1 cluster(s)",
            List.of("x too large", "x too large"),
            EDGE);
    assertThat(
            PolicyStateEvents.between(
                errors, PolicyState.of("Errors", "ignored", List.of("x too large"), EDGE)))
        .isEmpty();
  }

  @Test
  void movedClustersAndObjectsNameWhatWasAddedAndRemoved() {
    BindingContent moved = content(List.of("cluster1", "cluster3"), "web", "db");

    assertThat(PolicyStateEvents.between(placed(EDGE), placed(moved)))
        .containsExactly(
            new PolicyEvent(
                false, "ClustersChanged", "places 2 cluster(s); added cluster3; removed cluster2"),
            new PolicyEvent(
                false,
                "ObjectsChanged",
                "places 2 object(s); added deployments.apps ns/db; removed deployments.apps ns/api"));
  }

  @Test
  void longListsOfChangesAreCut() {
    BindingContent many =
        content(
            List.of("cluster1", "cluster2"),
            IntStream.range(0, 8).mapToObj(i -> "o" + i).toArray(String[]::new));

    assertThat(PolicyStateEvents.between(placed(EDGE), placed(many)))
        .singleElement()
        .extracting(PolicyEvent::message)
        .asString()
        .isEqualTo(
            "places 8 object(s); added deployments.apps ns/o0, deployments.apps ns/o1, deployments.apps ns/o2, "
                + "deployments.apps ns/o3, deployments.apps ns/o4 and 3 more; removed deployments.apps ns/api, deployments.apps ns/web");
  }

  @Test
  void errorsAppearingChangingAndClearingAreEachRecorded() {
    PolicyState tooLarge =
        PolicyState.of(
            "Errors",
            "2 object(s) placed on 2 cluster(s)",
            List.of("configmaps ns/huge is 600000 bytes, over the limit of 512000"),
            EDGE);
    PolicyState conflict =
        PolicyState.of(
            "Errors",
            "2 object(s) placed on 2 cluster(s)",
            List.of(
                "configmaps ns/huge is 600000 bytes, over the limit of 512000",
                "singleton status of ns/web: 2 clusters qualify"),
            EDGE);

    assertThat(PolicyStateEvents.between(placed(EDGE), tooLarge))
        .containsExactly(
            new PolicyEvent(
                true,
                "PlacementErrors",
                "configmaps ns/huge is 600000 bytes, over the limit of 512000"));
    assertThat(PolicyStateEvents.between(tooLarge, conflict))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.message())
                    .endsWith("; singleton status of ns/web: 2 clusters qualify"));
    assertThat(PolicyStateEvents.between(conflict, placed(EDGE)))
        .containsExactly(new PolicyEvent(false, "Placed", "2 object(s) placed on 2 cluster(s)"));
  }

  @Test
  void heldRemovalsWarnAgainWhenTheHeldChangeIsDifferent() {
    PolicyState held =
        PolicyState.of(
            "RemovalsHeld",
            "deletion guard: this change would remove 4 of 6 placements",
            List.of(),
            EDGE);
    PolicyState heldMore =
        PolicyState.of(
            "RemovalsHeld",
            "deletion guard: this change would remove 5 of 6 placements",
            List.of(),
            EDGE);

    assertThat(PolicyStateEvents.between(placed(EDGE), held))
        .containsExactly(
            new PolicyEvent(
                true,
                "RemovalsHeld",
                "deletion guard: this change would remove 4 of 6 placements"));
    assertThat(PolicyStateEvents.between(held, held)).isEmpty();
    assertThat(PolicyStateEvents.between(held, heldMore)).hasSize(1);
  }

  @Test
  void theStoredStateIsReadFromTheStatusAndTheBinding() {
    Map<String, Object> status =
        Map.of(
            "conditions",
                List.of(
                    Map.of("type", "Synced", "reason", "Reconciled", "message", "evaluated"),
                    Map.of(
                        "type",
                        "Ready",
                        "status",
                        "True",
                        "reason",
                        "Placed",
                        "message",
                        "2 object(s) placed on 2 cluster(s)")),
            "errors", List.of());

    assertThat(PolicyState.stored(status, EDGE)).contains(placed(EDGE));
    assertThat(PolicyState.stored(Map.of(), EDGE)).isEmpty();
    assertThat(
            PolicyState.stored(
                Map.of(
                    "conditions",
                    List.of(Map.of("type", "Ready", "reason", "Errors", "message", "m"))),
                null))
        .hasValueSatisfying(
            s -> {
              assertThat(s.clusters()).isEmpty();
              assertThat(s.errors()).isEmpty();
            });
  }

  private static PolicyState placed(BindingContent content) {
    return PolicyState.of(
        "Placed",
        String.format(
            "%d object(s) placed on %d cluster(s)",
            content.entries().size(), content.destinations().size()),
        List.of(),
        content);
  }

  private static PolicyState invalid(String error) {
    return PolicyState.of(
        "InvalidSpec",
        "the policy is invalid; its current placements are kept",
        List.of(error),
        null);
  }

  private static BindingContent content(List<String> clusters, String... deployments) {
    List<BindingEntry> entries =
        java.util.Arrays.stream(deployments)
            .map(
                name ->
                    new BindingEntry(
                        new WorkloadRef("apps", "v1", "deployments", "ns", name),
                        "1",
                        Modulation.NONE))
            .toList();
    return new BindingContent(entries, clusters);
  }
}
