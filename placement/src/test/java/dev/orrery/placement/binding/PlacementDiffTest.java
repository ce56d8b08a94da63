package dev.orrery.placement.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.ObjectKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementDiffTest {

  private static final ObjectKey A = new ObjectKey("apps", "deployments", "ns", "a");
  private static final ObjectKey B = new ObjectKey("apps", "deployments", "ns", "b");
  private static final ObjectKey C = new ObjectKey("", "configmaps", "ns", "c");

  @Test
  void splitsIntoAddedRemovedAndKept() {
    PlacementDiff diff =
        PlacementDiff.between(
            Map.of("c1", Set.of(A, B), "c2", Set.of(A)),
            Map.of("c1", Set.of(A, C), "c3", Set.of(A)));
    assertThat(diff.added()).containsExactly(new Placement("c1", C), new Placement("c3", A));
    assertThat(diff.removed()).containsExactly(new Placement("c1", B), new Placement("c2", A));
    assertThat(diff.kept()).containsExactly(new Placement("c1", A));
    assertThat(diff.hasChanges()).isTrue();
    assertThat(diff.beforeCount()).isEqualTo(3);
    assertThat(diff.removedShare()).isEqualTo(2.0 / 3);
  }

  @Test
  void noChangeAndEmptyBefore() {
    PlacementDiff same = PlacementDiff.between(Map.of("c1", Set.of(A)), Map.of("c1", Set.of(A)));
    assertThat(same.hasChanges()).isFalse();
    assertThat(same.removedShare()).isZero();
    PlacementDiff fresh =
        PlacementDiff.between(Map.<String, Set<ObjectKey>>of(), Map.of("c1", Set.of(A)));
    assertThat(fresh.removedShare()).isZero();
    assertThat(fresh.added()).containsExactly(new Placement("c1", A));
  }

  @Test
  void diffsBindingContents() {
    BindingContent before =
        BindingSpecReader.read(
            Yaml.map(
                """
                workload: {namespaceScope: [{group: apps, version: v1, resource: deployments, namespace: ns, name: a},
                                            {group: apps, version: v1, resource: deployments, namespace: ns, name: b}]}
                destinations: [{clusterId: c1}, {clusterId: c2}]
                """));
    BindingContent after =
        BindingSpecReader.read(
            Yaml.map(
                """
                workload: {namespaceScope: [{group: apps, version: v2, resource: deployments, namespace: ns, name: a}]}
                destinations: [{clusterId: c1}, {clusterId: c2}]
                """));
    PlacementDiff diff = PlacementDiff.between(before, after);
    assertThat(diff.removed()).containsExactly(new Placement("c1", B), new Placement("c2", B));
    assertThat(diff.kept()).as("a preferred-version change is not a move").hasSize(2);
    assertThat(diff.added()).isEmpty();
  }

  static Stream<Arguments> guard() {
    return Stream.of(
        Arguments.of(0.5, 4, 2, false, true, ""),
        Arguments.of(
            0.5,
            4,
            3,
            false,
            false,
            "held: would remove 3 of 4 placements (75%, limit 50%); confirm to proceed"),
        Arguments.of(0.5, 4, 3, true, true, ""),
        Arguments.of(0.5, 1, 1, false, true, ""),
        Arguments.of(
            0.5,
            2,
            2,
            false,
            false,
            "held: would remove 2 of 2 placements (100%, limit 50%); confirm to proceed"),
        Arguments.of(1.0, 4, 4, false, true, ""),
        Arguments.of(0.0, 4, 1, false, true, ""),
        Arguments.of(
            0.0,
            4,
            2,
            false,
            false,
            "held: would remove 2 of 4 placements (50%, limit 0%); confirm to proceed"),
        Arguments.of(0.5, 0, 0, false, true, ""));
  }

  @ParameterizedTest(name = "share {0}: remove {2} of {1}, confirmed {3}")
  @MethodSource("guard")
  void deletionGuardHoldsLargeRemovals(
      double share, int before, int removed, boolean confirmed, boolean proceed, String message) {
    List<ObjectKey> keys =
        Stream.of("a", "b", "c", "d")
            .limit(before)
            .map(n -> new ObjectKey("", "configmaps", "ns", n))
            .toList();
    PlacementDiff diff =
        PlacementDiff.between(Map.of("c1", keys), Map.of("c1", keys.subList(removed, keys.size())));
    DeletionGuard.Verdict verdict = new DeletionGuard(share).evaluate(diff, confirmed);
    assertThat(verdict).isEqualTo(new DeletionGuard.Verdict(proceed, message));
  }

  @Test
  void guardDefaultsAndValidation() {
    assertThat(DeletionGuard.withDefaults().maxRemovedShare()).isEqualTo(0.5);
    assertThatThrownBy(() -> new DeletionGuard(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DeletionGuard(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
