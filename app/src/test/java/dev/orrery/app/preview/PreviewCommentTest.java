package dev.orrery.app.preview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.plan.PlacementPreview;
import dev.orrery.app.plan.RolloutWaves;
import dev.orrery.app.report.forge.CommitStatus;
import dev.orrery.placement.rollout.Wave;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PreviewCommentTest {
  private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";
  private static final DeletionVerdict NOTHING_DELETED =
      new DeletionVerdict(List.of(), 4, true, false, 0.5);

  private static PlacementPreview.Entry entry(String kind, String name, String change) {
    return new PlacementPreview.Entry("apps", "v1", kind, "web", name, change);
  }

  private static SourcePreview preview(
      Map<String, List<PlacementPreview.Entry>> clusters,
      List<PlacementPreview.Problem> errors,
      DeletionVerdict deletions) {
    return new SourcePreview(
        "team/apps",
        "fedcba9876543210fedcba9876543210fedcba98",
        new PlacementPreview.Result(new TreeMap<>(clusters), errors),
        List.of(),
        deletions);
  }

  @Test
  void listsPerClusterWhatIsAddedChangedAndRemovedAndCountsTheUnchanged() {
    SourcePreview p =
        preview(
            Map.of(
                "edge-1",
                    List.of(
                        entry("Deployment", "frontend", "changed"),
                        entry("Deployment", "api", "unchanged")),
                "edge-2",
                    List.of(
                        entry("Deployment", "frontend", "added"),
                        entry("Deployment", "old", "removed")),
                "core", List.of()),
            List.of(),
            NOTHING_DELETED);

    String body = PreviewComment.body(HEAD, List.of(p), List.of());

    assertThat(body)
        .contains(
            "head `0123456789ab`",
            "Compared with `fedcba987654`",
            "No change on core.",
            "| edge-1 | 0 | 1 | 0 | 1 |",
            "| edge-2 | 1 | 0 | 1 | 0 |",
            "changed `apps/v1 Deployment web/frontend`",
            "removed `apps/v1 Deployment web/old`",
            "nothing would be deleted from the WDS.");
    assertThat(body).doesNotContain("unchanged `");
    CommitStatus status = PreviewComment.status(List.of(p), List.of());
    assertThat(status.state()).isEqualTo(CommitStatus.State.SUCCESS);
    assertThat(status.context()).isEqualTo("orrery/preview");
    assertThat(status.description())
        .isEqualTo("valid; 2 cluster(s) change: 1 added, 1 changed, 1 removed");
  }

  @Test
  void clustersThatWouldSeeTheSameChangesShareOneRow() {
    Map<String, List<PlacementPreview.Entry>> fleet = new TreeMap<>();
    for (int i = 1; i <= 500; i++) {
      fleet.put(String.format("edge-%03d", i), List.of(entry("Deployment", "frontend", "added")));
    }
    fleet.put("core-1", List.of(entry("Deployment", "api", "changed")));
    for (int i = 1; i <= 40; i++) {
      fleet.put(String.format("lab-%02d", i), List.of(entry("Deployment", "api", "unchanged")));
    }

    String body =
        PreviewComment.body(HEAD, List.of(preview(fleet, List.of(), NOTHING_DELETED)), List.of());

    assertThat(body)
        .contains(
            "| edge-001, edge-002, edge-003 and 497 more (500 clusters) | 1 | 0 | 0 | 0 |",
            "| core-1 | 0 | 1 | 0 | 0 |",
            "No change on lab-01, lab-02, lab-03 and 37 more (40 clusters).");
    assertThat(body.lines().filter(l -> l.startsWith("| ")).count())
        .as("header and 2 rows")
        .isEqualTo(3);
    assertThat(body).contains("Clusters: edge-001, edge-002", "edge-200, …");
    assertThat(body).doesNotContain("edge-201");
    assertThat(body.length()).isLessThan(5_000);
  }

  @Test
  void aRejectedHeadShowsItsErrorsWithFileAndLineAndFailsTheStatus() {
    SourcePreview p =
        preview(
            Map.of("edge-1", List.of()),
            List.of(
                new PlacementPreview.Problem(
                    "apps/web.yaml", 12, "invalid YAML: mapping values are not allowed")),
            NOTHING_DELETED);

    String body = PreviewComment.body(HEAD, List.of(p), List.of());

    assertThat(body)
        .contains("would be rejected", "- `apps/web.yaml:12`: invalid YAML")
        .doesNotContain("| edge-1 |");
    CommitStatus status = PreviewComment.status(List.of(p), List.of());
    assertThat(status.state()).isEqualTo(CommitStatus.State.FAILURE);
    assertThat(status.description()).contains("apps/web.yaml:12");
  }

  @Test
  void theDeletionGuardVerdictIsSpelledOut() {
    DeletionVerdict held =
        new DeletionVerdict(
            List.of("Deployment web/a", "Deployment web/b", "Service web/a"), 4, true, true, 0.5);
    SourcePreview p = preview(Map.of(), List.of(), held);

    String body = PreviewComment.body(HEAD, List.of(p), List.of());

    assertThat(body)
        .contains(
            "**would hold** this revision: it deletes 3 of 4 object(s) (75%, limit 50%)",
            "- `Service web/a`");
    assertThat(PreviewComment.status(List.of(p), List.of()).description())
        .endsWith("the deletion guard would hold it");
    assertThat(new DeletionVerdict(List.of("Deployment web/a"), 4, false, false, 0.5).sentence())
        .contains("prune is off");
    assertThat(new DeletionVerdict(List.of("Deployment web/a"), 4, true, false, 0.5).sentence())
        .isEqualTo("passes; 1 of 4 object(s) would be pruned.");
  }

  @Test
  void aSourceThatCouldNotBePreviewedMakesAnErrorStatus() {
    CommitStatus status =
        PreviewComment.status(
            List.of(), List.of("GitSource `team/apps` could not be previewed: boom"));

    assertThat(status.state()).isEqualTo(CommitStatus.State.ERROR);
    assertThat(
            PreviewComment.body(
                HEAD, List.of(), List.of("GitSource `team/apps` could not be previewed: boom")))
        .contains(":warning: GitSource `team/apps` could not be previewed: boom");
  }

  @Test
  void governedPoliciesShowTheirWavesAndInvalidRolloutPoliciesAWarning() {
    RolloutWaves.Result waves =
        new RolloutWaves.Result(
            List.of(
                new RolloutWaves.PolicyWaves(
                    "edge-web",
                    "waves",
                    "repository",
                    List.of(
                        new Wave("canary", List.of("edge-1")),
                        new Wave("edge", List.of("edge-2", "edge-3", "edge-4", "edge-5"))))),
            List.of("RolloutPolicy old (WDS) governs nothing, its spec is invalid: x"));
    SourcePreview p =
        new SourcePreview(
            "team/apps",
            null,
            new PlacementPreview.Result(
                new TreeMap<>(Map.of("edge-1", List.of(entry("Deployment", "web", "added")))),
                List.of(),
                waves),
            List.of(),
            NOTHING_DELETED);

    String body = PreviewComment.body(HEAD, List.of(p), List.of());

    assertThat(body)
        .contains(
            "**Rollout waves**",
            "| `edge-web` | `waves` | 1 (canary) | edge-1 |",
            "| `edge-web` | `waves` | 2 (edge) | edge-2, edge-3, edge-4 and 1 more (4 clusters) |",
            ":warning: RolloutPolicy old (WDS) governs nothing");
  }

  @Test
  void withoutRolloutPoliciesThereIsNoWaveSection() {
    SourcePreview p =
        preview(
            Map.of("edge-1", List.of(entry("Deployment", "web", "added"))),
            List.of(),
            NOTHING_DELETED);

    assertThat(PreviewComment.body(HEAD, List.of(p), List.of())).doesNotContain("Rollout waves");
  }
}
