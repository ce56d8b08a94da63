package dev.orrery.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.match.Cluster;
import dev.orrery.renderer.DesiredObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementGuardTest {
  static final List<Cluster> CLUSTERS =
      List.of(
          new Cluster("cluster1", Map.of("location-group", "edge"), Map.of()),
          new Cluster("cluster2", Map.of("location-group", "edge"), Map.of()),
          new Cluster("cluster3", Map.of("location-group", "core"), Map.of()));

  static DesiredObject deployment(String name) {
    return new DesiredObject(
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of(
                "name",
                name,
                "namespace",
                "team-a",
                "labels",
                Map.of("app.kubernetes.io/part-of", "shop"))),
        "apps/" + name + ".yaml",
        1);
  }

  static DesiredObject policy(String name, String group, String objectName) {
    Map<String, Object> clause =
        objectName == null
            ? Map.of(
                "objectSelectors",
                List.of(Map.of("matchLabels", Map.of("app.kubernetes.io/part-of", "shop"))))
            : Map.of("objectNames", List.of(objectName), "resources", List.of("deployments"));
    return new DesiredObject(
        Map.of(
            "apiVersion",
            "control.kubestellar.io/v1alpha1",
            "kind",
            "BindingPolicy",
            "metadata",
            Map.of("name", name),
            "spec",
            Map.of(
                "clusterSelectors",
                List.of(Map.of("matchLabels", Map.of("location-group", group))),
                "downsync",
                List.of(clause))),
        "policies/" + name + ".yaml",
        1);
  }

  static PlacementGuard.Verdict verdict(
      List<DesiredObject> applied,
      List<DesiredObject> next,
      List<DesiredObject> others,
      boolean confirmed) {
    return PlacementGuard.evaluate(
        new PlacementGuard.Input(
            applied, next, others, CLUSTERS, "team-a", 0.5, "0123456789abcdef", confirmed));
  }

  @Test
  void deletingAPolicyThatPlacesTwoObjectsOnTwoClustersIsHeld() {
    List<DesiredObject> applied =
        List.of(deployment("web"), deployment("api"), policy("edge", "edge", null));

    PlacementGuard.Verdict v =
        verdict(applied, List.of(deployment("web"), deployment("api")), List.of(), false);

    assertThat(v.before()).isEqualTo(4);
    assertThat(v.removed()).isEqualTo(4);
    assertThat(v.held()).isTrue();
    assertThat(v.message())
        .contains(
            "remove 4 of 4 placements",
            "100%",
            "limit 50%",
            "e.g. Deployment team-a/api on cluster1",
            "gitops.orrery.dev/confirm-deletions=0123456789abcdef");
  }

  @Test
  void movingAPolicyToOtherClustersRemovesItsPlacementsThere() {
    List<DesiredObject> applied = List.of(deployment("web"), policy("web-edge", "edge", "web"));

    PlacementGuard.Verdict v =
        verdict(
            applied,
            List.of(deployment("web"), policy("web-edge", "core", "web")),
            List.of(),
            false);

    assertThat(v.before()).isEqualTo(2);
    assertThat(v.removed())
        .as("cluster1 and cluster2 lose web; cluster3 gaining it does not count")
        .isEqualTo(2);
    assertThat(v.held()).isTrue();
  }

  @Test
  void removingOnePlacementIsNotHeld() {
    PlacementGuard.Verdict single =
        verdict(
            List.of(deployment("web"), policy("p", "core", "web")),
            List.of(deployment("web")),
            List.of(),
            false);

    assertThat(single.before()).isEqualTo(1);
    assertThat(single.removed()).isEqualTo(1);
    assertThat(single.held()).as("a single removed placement is never held").isFalse();
    assertThat(single.message()).isEmpty();
  }

  @Test
  void addingPlacementsRemovesNone() {
    List<DesiredObject> applied =
        List.of(deployment("web"), deployment("api"), policy("edge", "edge", null));

    PlacementGuard.Verdict v =
        verdict(
            applied,
            List.of(
                deployment("web"),
                deployment("api"),
                policy("edge", "edge", null),
                policy("core", "core", "web")),
            List.of(),
            false);

    assertThat(v.removed()).isZero();
    assertThat(v.held()).isFalse();
  }

  @Test
  void deletingObjectsPlacedByAPolicyFromElsewhereCountsToo() {
    List<DesiredObject> others = List.of(policy("from-kubectl", "edge", null));
    List<DesiredObject> applied = List.of(deployment("web"), deployment("api"), deployment("db"));

    PlacementGuard.Verdict v = verdict(applied, List.of(deployment("web")), others, false);

    assertThat(v.before()).isEqualTo(6);
    assertThat(v.removed()).isEqualTo(4);
    assertThat(v.held()).isTrue();
  }

  @Test
  void confirmationReleasesTheRevision() {
    List<DesiredObject> applied =
        List.of(deployment("web"), deployment("api"), policy("edge", "edge", null));

    PlacementGuard.Verdict v =
        verdict(applied, List.of(deployment("web"), deployment("api")), List.of(), true);

    assertThat(v.removed()).isEqualTo(4);
    assertThat(v.held()).isFalse();
  }
}
