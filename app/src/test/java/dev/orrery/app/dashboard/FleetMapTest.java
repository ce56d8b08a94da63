package dev.orrery.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.gitsource.GitSourceStatus;
import dev.orrery.app.sync.Inventory;
import dev.orrery.app.sync.InventoryEntry;
import dev.orrery.placement.controller.InventoryCluster;
import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.match.WorkloadRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetMapTest {
  static final WorkloadRef WEB = new WorkloadRef("apps", "v1", "deployments", "web", "frontend");
  static final WorkloadRef FOREIGN = new WorkloadRef("", "v1", "configmaps", "web", "by-hand");

  @Test
  void eachCellIsTheRevisionAndHealthThatClusterRuns() {
    FleetMap map =
        FleetMap.build(
            List.of(
                cluster("cluster2", "edge"),
                cluster("cluster1", "edge"),
                cluster("cluster3", "core")),
            List.of(source("fleet", "new", List.of("edge-web"))),
            List.of(
                new FleetMap.PolicyFacts(
                    "edge-web",
                    List.of(),
                    List.of(
                        placed("cluster1", WEB, true, true, "abc"),
                        placed("cluster1", FOREIGN, null, null, null),
                        placed("cluster2", WEB, true, false, "abc")))));

    assertThat(map.columns())
        .extracting(FleetMap.Column::kind, FleetMap.Column::name, FleetMap.Column::clusters)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GitSource", "default/fleet", 2),
            org.assertj.core.groups.Tuple.tuple("BindingPolicy", "edge-web", 2));
    assertThat(map.clusters())
        .extracting(FleetMap.Row::name)
        .containsExactly("cluster1", "cluster2", "cluster3");
    FleetMap.Row one = map.clusters().get(0);
    assertThat(one.cells().get(0))
        .as("the source's own object only, at the source's applied revision")
        .isEqualTo(new CellState("new", CellState.HEALTHY, 1, 1, 1, null, null));
    assertThat(one.cells().get(1))
        .as("the policy places the foreign object too, not yet reported")
        .isEqualTo(
            new CellState(
                "abc",
                CellState.PROGRESSING,
                2,
                1,
                1,
                "by-hand: the work agent has not reported it yet",
                null));
    assertThat(map.clusters().get(1).cells().get(0).health()).isEqualTo(CellState.DEGRADED);
    assertThat(map.clusters().get(2).cells()).containsExactly(null, null);
  }

  @Test
  void aPolicysCellsCarryTheirWaveWhileARolloutIsInFlight() {
    FleetMap map =
        FleetMap.build(
            List.of(cluster("cluster1", "edge"), cluster("cluster2", "edge")),
            List.of(),
            List.of(
                new FleetMap.PolicyFacts(
                    "edge-web",
                    List.of(),
                    List.of(
                        placed("cluster1", WEB, true, true, "abc"),
                        placed("cluster2", WEB, true, true, "abc")),
                    Map.of("cluster1", 1, "cluster2", 2))));

    assertThat(map.clusters().get(0).cells().get(0).wave()).isEqualTo(1);
    assertThat(map.clusters().get(1).cells().get(0))
        .isEqualTo(new CellState("abc", CellState.HEALTHY, 1, 1, 1, null, 2));
  }

  @Test
  void objectsFromTwoRevisionsShowAsMixed() {
    CellState cell =
        CellState.of(
            List.of(placed("c", WEB, true, true, "abc"), placed("c", FOREIGN, true, true, "def")));
    assertThat(cell.revision()).isEqualTo(CellState.MIXED);
    assertThat(
            CellState.of(
                    List.of(
                        placed("c", WEB, true, true, "abc"),
                        placed("c", FOREIGN, true, true, "def")),
                    java.util.Set.of("def"))
                .revision())
        .as("a commit re-applies only what it changed: the applied revision wins")
        .isEqualTo("def");
    assertThat(CellState.of(List.of())).isNull();
  }

  @Test
  void anInvalidPolicyIsMarkedSo() {
    FleetMap map =
        FleetMap.build(
            List.of(),
            List.of(),
            List.of(new FleetMap.PolicyFacts("bad", List.of("spec: nope"), List.of())));
    assertThat(map.columns().get(0).state()).isEqualTo("Invalid");
    assertThat(map.columns().get(0).errors()).isEqualTo(1);
  }

  static InventoryCluster cluster(String name, String group) {
    return new InventoryCluster(name, Map.of("location-group", group), Map.of(), Optional.empty());
  }

  /**
   * An object as the work agent reports it; a Deployment it reports available has returned the
   * status of its two replicas ready.
   */
  static PlacedObject placed(
      String cluster, WorkloadRef ref, Boolean applied, Boolean available, String revision) {
    boolean deployment = ref.resource().equals("deployments");
    Map<String, Object> ready =
        deployment && Boolean.TRUE.equals(available)
            ? Map.of(
                "replicas", 2, "updatedReplicas", 2, "readyReplicas", 2, "availableReplicas", 2)
            : null;
    return new PlacedObject(
        cluster,
        ref,
        deployment ? "Deployment" : "ConfigMap",
        applied,
        available,
        revision,
        null,
        ReadinessTest.manifest(
            deployment ? "apps/v1" : "v1", deployment ? "Deployment" : "ConfigMap"),
        ready);
  }

  static SourceFacts source(String name, String revision, List<String> policies) {
    List<InventoryEntry> entries =
        new java.util.ArrayList<>(
            List.of(
                new InventoryEntry(
                    "apps/v1", "Deployment", "deployments", "web", "frontend", "h")));
    for (String p : policies) {
      entries.add(
          new InventoryEntry(
              "control.kubestellar.io/v1alpha1", "BindingPolicy", "bindingpolicies", "", p, "h"));
    }
    GitSourceStatus status =
        new GitSourceStatus(
            1L,
            List.of(Map.of("type", "Ready", "status", "True", "reason", "Applied")),
            revision,
            null,
            null,
            revision,
            null,
            null,
            Inventory.of(entries),
            null,
            null,
            null,
            null,
            null,
            null);
    return new SourceFacts("default", name, Map.of(), Map.of(), status);
  }
}
