package dev.orrery.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.gitsource.GitSourceStatus;
import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.controller.PolicyPlacement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetailViewsTest {

  @Test
  void errorsAreSplitIntoPathLineAndMessage() {
    assertThat(ErrorLine.parse("apps/web/broken.yaml:3: mapping values are not allowed"))
        .isEqualTo(new ErrorLine("apps/web/broken.yaml", 3, "mapping values are not allowed"));
    assertThat(ErrorLine.parse("fetch failed: connection refused"))
        .isEqualTo(new ErrorLine(null, 0, "fetch failed: connection refused"));
  }

  @Test
  void aRejectedRevisionIsShownWithItsErrorsAndTheRevisionThatStays() {
    SourceFacts source =
        new SourceFacts(
            "default",
            "fleet",
            Map.of("url", "git://example/fleet"),
            Map.of(),
            status("Stalled", "abc", "def", List.of("a.yaml:2: bad")));
    Map<String, Object> page = DetailViews.gitSource(source, Map.of(), List.of());
    assertThat(page.get("rejectedRevision")).isEqualTo("def");
    assertThat(page.get("lastAppliedRevision")).isEqualTo("abc");
    assertThat(page.get("errors")).isEqualTo(List.of(new ErrorLine("a.yaml", 2, "bad")));
    assertThat(page.get("hold")).isNull();
    assertThat(page.get("lastFetchTime"))
        .as("the last fetch, not the drift check")
        .isEqualTo("2026-12-06T11:59:00Z");
    assertThat(page.get("lastWebhookTime")).isEqualTo("2026-12-06T11:58:00Z");
  }

  @Test
  void aHoldSaysHowToConfirmIt() {
    SourceFacts held =
        new SourceFacts(
            "default", "fleet", Map.of(), Map.of(), status("DeletionHeld", "abc", "def", null));
    Map<String, Object> hold = DetailViews.hold(held);
    assertThat(hold.get("revision")).isEqualTo("def");
    assertThat(hold.get("command"))
        .isEqualTo(
            "kubectl annotate gitsource -n default fleet --overwrite"
                + " gitops.orrery.dev/confirm-deletions=def");
    assertThat(hold.get("confirmed")).isEqualTo(false);
    SourceFacts confirmed =
        new SourceFacts(
            "default",
            "fleet",
            Map.of(),
            Map.of("gitops.orrery.dev/confirm-deletions", "def"),
            status("DeletionHeld", "abc", "def", null));
    assertThat(DetailViews.hold(confirmed).get("confirmed")).isEqualTo(true);
    assertThat(DetailViews.gitSource(held, Map.of(), List.of()).get("rejectedRevision"))
        .as("held, not rejected")
        .isEqualTo("");
  }

  @Test
  void aPolicyPageListsEachObjectPerCluster() {
    List<PlacedObject> placed =
        List.of(
            FleetMapTest.placed("cluster1", FleetMapTest.WEB, true, true, "abc"),
            FleetMapTest.placed("cluster2", FleetMapTest.WEB, true, null, "abc"));
    Map<String, Object> page =
        DetailViews.policy(
            new PolicyPlacement(
                "edge-web", Map.of(), List.of("cluster1", "cluster2"), List.of(), true),
            Map.of("status", Map.of("conditions", List.of(Map.of("type", "Synced")))),
            placed,
            List.of(),
            "orrery-system",
            List.of());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> objects = (List<Map<String, Object>>) page.get("objects");
    assertThat(objects).hasSize(1);
    assertThat(objects.get(0).get("object")).isEqualTo("deployments.apps web/frontend");
    assertThat(objects.get(0).get("clusters").toString())
        .startsWith("{cluster1=")
        .contains("cluster2=");
    assertThat(page.get("conditions")).isEqualTo(List.of(Map.of("type", "Synced")));
  }

  @Test
  void clusterAvailabilityComesFromTheManagedClusterCondition() {
    assertThat(DetailViews.availability(List.of())).isEqualTo("Unknown");
    assertThat(
            DetailViews.availability(
                List.of(Map.of("type", "ManagedClusterConditionAvailable", "status", "True"))))
        .isEqualTo("True");
  }

  private static GitSourceStatus status(
      String reason, String applied, String fetched, List<String> errors) {
    return new GitSourceStatus(
        1L,
        List.of(Map.of("type", "Ready", "status", "False", "reason", reason, "message", "m")),
        fetched,
        "2026-12-06T11:59:00Z",
        "2026-12-06T11:58:00Z",
        applied,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        errors);
  }
}
