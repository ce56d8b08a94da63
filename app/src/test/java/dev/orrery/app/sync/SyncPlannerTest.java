package dev.orrery.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.controller.ResourceType;
import dev.orrery.renderer.DesiredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncPlannerTest {
  static final ResourceTypes TYPES =
      (apiVersion, kind) ->
          Optional.ofNullable(
              Map.of(
                      "apps/v1|Deployment",
                      new ResourceType("apps", "v1", "Deployment", "deployments", true),
                      "v1|ConfigMap",
                      new ResourceType("", "v1", "ConfigMap", "configmaps", true),
                      "v1|Namespace",
                      new ResourceType("", "v1", "Namespace", "namespaces", false),
                      "rbac.authorization.k8s.io/v1|ClusterRole",
                      new ResourceType(
                          "rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
                      "apiextensions.k8s.io/v1|CustomResourceDefinition",
                      new ResourceType(
                          "apiextensions.k8s.io",
                          "v1",
                          "CustomResourceDefinition",
                          "customresourcedefinitions",
                          false))
                  .get(apiVersion + "|" + kind));

  private final SyncPlanner planner = new SyncPlanner();

  @Test
  void defaultsNamespacesStampsOwnershipAndOrdersCrdsNamespacesClusterScopedThenTheRest() {
    SyncPlan plan =
        planner.plan(
            List.of(
                obj("apps/v1", "Deployment", null, "web", "apps/web.yaml", 1),
                obj("v1", "Namespace", null, "web", "apps/ns.yaml", 1),
                obj(
                    "rbac.authorization.k8s.io/v1",
                    "ClusterRole",
                    "ignored",
                    "reader",
                    "rbac.yaml",
                    3),
                crd("widgets.example.com", "example.com", "Widget", "widgets"),
                obj("example.com/v1", "Widget", "web", "w1", "widgets.yaml", 1)),
            input(Inventory.EMPTY, "rev1"));

    assertThat(plan.rejected()).isFalse();
    assertThat(plan.apply())
        .extracting(p -> p.type().kind())
        .containsExactly(
            "CustomResourceDefinition", "Namespace", "ClusterRole", "Deployment", "Widget");
    PlannedObject deployment = plan.apply().get(3);
    assertThat(deployment.namespace()).isEqualTo("team-a");
    assertThat(plan.apply().get(2).namespace())
        .as("cluster-scoped objects lose a stray namespace")
        .isEmpty();
    Map<String, Object> metadata = Maps.child(deployment.manifest(), "metadata");
    assertThat(Maps.child(metadata, "labels"))
        .containsEntry(SyncPlanner.SOURCE_LABEL, "team-a.apps");
    assertThat(Maps.child(metadata, "annotations"))
        .containsEntry(SyncPlanner.PATH_ANNOTATION, "apps/web.yaml")
        .containsEntry(SyncPlanner.REVISION_ANNOTATION, "rev1");
    assertThat(plan.apply().get(4).type().plural())
        .as("type from a CRD of the same revision")
        .isEqualTo("widgets");
  }

  @Test
  void aSecondPlanOfTheSameObjectsAppliesNothingAndAChangedObjectAloneIsApplied() {
    List<DesiredObject> first =
        List.of(
            obj("v1", "ConfigMap", "a", "one", "one.yaml", 1),
            obj("v1", "ConfigMap", "a", "two", "two.yaml", 1));
    SyncPlan initial = planner.plan(first, input(Inventory.EMPTY, "rev1"));
    Inventory applied = Inventory.of(initial.apply().stream().map(PlannedObject::entry).toList());

    SyncPlan again = planner.plan(first, input(applied, "rev2"));
    assertThat(again.apply()).as("a new revision with the same content applies nothing").isEmpty();
    assertThat(again.unchanged()).hasSize(2);

    List<DesiredObject> changed = new ArrayList<>(first);
    changed.set(1, obj("v1", "ConfigMap", "a", "two", "two.yaml", 1, Map.of("k", "new")));
    SyncPlan oneChange = planner.plan(changed, input(applied, "rev3"));
    assertThat(oneChange.apply()).extracting(PlannedObject::name).containsExactly("two");
  }

  @Test
  void objectsThatLeftGitArePrunedInReverseApplyOrderUnlessPruneIsOff() {
    Inventory before =
        Inventory.of(
            List.of(
                new InventoryEntry("v1", "Namespace", "namespaces", "", "old-ns", "h1"),
                new InventoryEntry("v1", "ConfigMap", "configmaps", "old-ns", "old", "h2"),
                new InventoryEntry("v1", "ConfigMap", "configmaps", "a", "kept", "h3"),
                new InventoryEntry("v1", "ConfigMap", "configmaps", "a", "kept2", "h4"),
                new InventoryEntry("v1", "ConfigMap", "configmaps", "a", "kept3", "h5")));
    List<DesiredObject> desired =
        List.of(
            obj("v1", "ConfigMap", "a", "kept", "k.yaml", 1),
            obj("v1", "ConfigMap", "a", "kept2", "k.yaml", 5),
            obj("v1", "ConfigMap", "a", "kept3", "k.yaml", 9));
    SyncPlan plan = planner.plan(desired, input(before, "rev2"));
    assertThat(plan.prune()).extracting(InventoryEntry::name).containsExactly("old", "old-ns");
    assertThat(plan.deletionsHeld()).isFalse();

    SyncPlanner.Input noPrune =
        new SyncPlanner.Input("team-a", "apps", "rev2", before, TYPES, false, 0.5, false);
    assertThat(planner.plan(desired, noPrune).prune()).isEmpty();
  }

  @Test
  void deletionGuardHoldsLargeDeletionsUntilTheRevisionIsConfirmed() {
    Inventory before =
        Inventory.of(
            List.of(
                new InventoryEntry("v1", "ConfigMap", "configmaps", "a", "c1", "h"),
                new InventoryEntry("v1", "ConfigMap", "configmaps", "a", "c2", "h"),
                new InventoryEntry("v1", "ConfigMap", "configmaps", "a", "c3", "h"),
                new InventoryEntry("v1", "ConfigMap", "configmaps", "a", "c4", "h")));
    List<DesiredObject> one = List.of(obj("v1", "ConfigMap", "a", "c1", "c.yaml", 1));

    SyncPlan held = planner.plan(one, input(before, "rev9"));
    assertThat(held.deletionsHeld()).isTrue();
    assertThat(held.guardMessage())
        .contains("3 of 4", "75%", "limit 50%", "gitops.orrery.dev/confirm-deletions=rev9");

    SyncPlanner.Input confirmed =
        new SyncPlanner.Input("team-a", "apps", "rev9", before, TYPES, true, 0.5, true);
    assertThat(planner.plan(one, confirmed).deletionsHeld()).isFalse();

    List<DesiredObject> three =
        List.of(
            obj("v1", "ConfigMap", "a", "c1", "c.yaml", 1),
            obj("v1", "ConfigMap", "a", "c2", "c.yaml", 5),
            obj("v1", "ConfigMap", "a", "c3", "c.yaml", 9));
    assertThat(planner.plan(three, input(before, "rev9")).deletionsHeld())
        .as("one deletion is never held")
        .isFalse();
  }

  @Test
  void anUnknownKindRejectsTheWholeRevisionWithItsFileAndLine() {
    SyncPlan plan =
        planner.plan(
            List.of(
                obj("v1", "ConfigMap", "a", "fine", "fine.yaml", 1),
                obj("example.com/v1", "Gadget", "a", "g", "gadgets/g.yaml", 7)),
            input(Inventory.EMPTY, "rev1"));
    assertThat(plan.rejected()).isTrue();
    assertThat(plan.apply()).isEmpty();
    assertThat(plan.prune()).isEmpty();
    assertThat(plan.errors())
        .singleElement()
        .asString()
        .startsWith("gadgets/g.yaml:7: no resource type example.com/v1 Gadget");
  }

  private static SyncPlanner.Input input(Inventory previous, String revision) {
    return new SyncPlanner.Input("team-a", "apps", revision, previous, TYPES, true, 0.5, false);
  }

  static DesiredObject obj(
      String apiVersion, String kind, String ns, String name, String path, int line) {
    return obj(apiVersion, kind, ns, name, path, line, Map.of("k", "v"));
  }

  static DesiredObject obj(
      String apiVersion,
      String kind,
      String ns,
      String name,
      String path,
      int line,
      Map<String, String> data) {
    Map<String, Object> metadata =
        ns == null ? Map.of("name", name) : Map.of("name", name, "namespace", ns);
    return new DesiredObject(
        Map.of("apiVersion", apiVersion, "kind", kind, "metadata", metadata, "data", data),
        path,
        line);
  }

  static DesiredObject crd(String name, String group, String kind, String plural) {
    return new DesiredObject(
        Map.of(
            "apiVersion",
            "apiextensions.k8s.io/v1",
            "kind",
            "CustomResourceDefinition",
            "metadata",
            Map.of("name", name),
            "spec",
            Map.of(
                "group",
                group,
                "scope",
                "Namespaced",
                "names",
                Map.of("kind", kind, "plural", plural),
                "versions",
                List.of(Map.of("name", "v1", "served", true, "storage", true)))),
        "crd.yaml",
        1);
  }
}
