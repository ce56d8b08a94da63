package dev.orrery.placement.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlacementDecisionBuilderTest {
  static final Map<String, String> OWN = Map.of("transport.kubestellar.io/originWdsName", "wds1");

  @Test
  void aSmallSelectionIsOneDecisionShapedAsOcmDoes() {
    List<Map<String, Object>> built =
        PlacementDecisionBuilder.build("edge", "argocd", OWN, List.of("c2", "c1", "c2"));
    assertThat(built)
        .containsExactly(
            Yaml.map(
                """
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: PlacementDecision
        metadata:
          name: edge-decision-1
          namespace: argocd
          labels:
            cluster.open-cluster-management.io/decision-group-index: "0"
            cluster.open-cluster-management.io/decision-group-name: ""
            cluster.open-cluster-management.io/placement: edge
            transport.kubestellar.io/originWdsName: wds1
        status:
          decisions:
          - {clusterName: c1, reason: selected by BindingPolicy edge}
          - {clusterName: c2, reason: selected by BindingPolicy edge}
        """));
  }

  @Test
  void noClusterStillHasOneEmptyDecision() {
    List<Map<String, Object>> built =
        PlacementDecisionBuilder.build("none", "argocd", OWN, List.of());
    assertThat(built).hasSize(1);
    assertThat(built.get(0).get("status")).isEqualTo(Map.of("decisions", List.of()));
    assertThat(name(built.get(0))).isEqualTo("none-decision-1");
  }

  @Test
  void atMostOneHundredClustersPerDecisionInNameOrder() {
    List<String> clusters =
        IntStream.rangeClosed(1, 250).mapToObj(i -> String.format("c%03d", i)).toList();
    List<String> shuffled = new ArrayList<>(clusters);
    Collections.reverse(shuffled);
    List<Map<String, Object>> built = PlacementDecisionBuilder.build("bulk", "ns", OWN, shuffled);
    assertThat(built)
        .extracting(PlacementDecisionBuilderTest::name)
        .containsExactly("bulk-decision-1", "bulk-decision-2", "bulk-decision-3");
    assertThat(built)
        .extracting(b -> PlacementDecisionPlan.clusters(List.of(b)).size())
        .containsExactly(100, 100, 50);
    assertThat(PlacementDecisionPlan.clusters(built)).isEqualTo(clusters);
  }

  @Test
  void exactlyOneHundredFitInOne() {
    List<String> clusters = IntStream.range(0, 100).mapToObj(i -> "c" + i).toList();
    assertThat(PlacementDecisionBuilder.build("p", "ns", OWN, clusters)).hasSize(1);
  }

  @Test
  void aPolicyNameThatCannotBeALabelValueIsAProblem() {
    assertThat(PlacementDecisionBuilder.problem("x".repeat(63))).isEmpty();
    assertThat(PlacementDecisionBuilder.problem("x".repeat(64))).get().asString().contains("63");
  }

  @Test
  void storedDecisionsEqualToTheDesiredNeedNoWrite() {
    List<Map<String, Object>> desired =
        PlacementDecisionBuilder.build("edge", "argocd", OWN, List.of("c1", "c2"));
    Map<String, Object> stored = withServerFields(desired.get(0));
    assertThat(PlacementDecisionPlan.of(desired, List.of(stored)).isEmpty()).isTrue();
  }

  @Test
  void aMissingDecisionIsWrittenObjectAndStatus() {
    List<Map<String, Object>> desired =
        PlacementDecisionBuilder.build("edge", "argocd", OWN, List.of("c1"));
    PlacementDecisionPlan plan = PlacementDecisionPlan.of(desired, List.of());
    assertThat(plan.objectWrites()).isEqualTo(desired);
    assertThat(plan.statusWrites()).isEqualTo(desired);
    assertThat(plan.deletions()).isEmpty();
  }

  @Test
  void changedClustersRewriteOnlyTheStatus() {
    Map<String, Object> stored =
        withServerFields(
            PlacementDecisionBuilder.build("edge", "argocd", OWN, List.of("c1", "c2")).get(0));
    List<Map<String, Object>> desired =
        PlacementDecisionBuilder.build("edge", "argocd", OWN, List.of("c1", "c3"));
    PlacementDecisionPlan plan = PlacementDecisionPlan.of(desired, List.of(stored));
    assertThat(plan.objectWrites()).isEmpty();
    assertThat(plan.statusWrites()).isEqualTo(desired);
  }

  @Test
  void aRemovedLabelIsRestoredAndExtraLabelsAreTolerated() {
    Map<String, Object> stored =
        withServerFields(
            PlacementDecisionBuilder.build("edge", "argocd", OWN, List.of("c1")).get(0));
    Map<String, Object> metadata = new LinkedHashMap<>(castMap(stored.get("metadata")));
    Map<String, Object> labels = new LinkedHashMap<>(castMap(metadata.get("labels")));
    labels.put("someone-else", "x");
    metadata.put("labels", labels);
    stored.put("metadata", metadata);
    List<Map<String, Object>> desired =
        PlacementDecisionBuilder.build("edge", "argocd", OWN, List.of("c1"));
    assertThat(PlacementDecisionPlan.of(desired, List.of(stored)).isEmpty()).isTrue();

    labels.remove(PlacementDecisionBuilder.GROUP_INDEX_LABEL);
    assertThat(PlacementDecisionPlan.of(desired, List.of(stored)).objectWrites())
        .isEqualTo(desired);
  }

  @Test
  void decisionsNoLongerNeededAreDeleted() {
    List<String> many = IntStream.range(0, 150).mapToObj(i -> "c" + i).toList();
    List<Map<String, Object>> stored = new ArrayList<>();
    PlacementDecisionBuilder.build("bulk", "ns", OWN, many)
        .forEach(d -> stored.add(withServerFields(d)));
    List<Map<String, Object>> desired =
        PlacementDecisionBuilder.build("bulk", "ns", OWN, many.subList(0, 90));
    PlacementDecisionPlan plan = PlacementDecisionPlan.of(desired, stored);
    assertThat(plan.deletions()).containsExactly("bulk-decision-2");
    assertThat(plan.statusWrites())
        .extracting(PlacementDecisionBuilderTest::name)
        .containsExactly("bulk-decision-1");
    assertThat(plan.objectWrites()).isEmpty();
  }

  /** As read back from the API server: extra metadata, the same content. */
  private static Map<String, Object> withServerFields(Map<String, Object> desired) {
    Map<String, Object> stored = new LinkedHashMap<>(desired);
    Map<String, Object> metadata = new LinkedHashMap<>(castMap(desired.get("metadata")));
    metadata.put("uid", "1234");
    metadata.put("resourceVersion", "42");
    stored.put("metadata", metadata);
    return stored;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static String name(Map<String, Object> object) {
    return String.valueOf(castMap(object.get("metadata")).get("name"));
  }
}
