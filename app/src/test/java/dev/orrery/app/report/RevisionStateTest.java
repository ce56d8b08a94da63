package dev.orrery.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.report.forge.CommitStatus;
import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.match.WorkloadRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionStateTest {
  static final String REV = "abc123";

  @Test
  void successWhenEveryPlacedObjectIsAvailableAtTheRevision() {
    CommitStatus s =
        RevisionState.of(
            "orrery/ns/src",
            REV,
            List.of(placed("c1", true, true, REV), placed("c2", true, true, REV)));
    assertThat(s.state()).isEqualTo(CommitStatus.State.SUCCESS);
    assertThat(s.description()).isEqualTo("all 2 object(s) available on 2 cluster(s)");
    assertThat(s.context()).isEqualTo("orrery/ns/src");
  }

  @Test
  void pendingWhileAClusterHasNotReportedOrRunsAnOlderRevision() {
    assertThat(
            RevisionState.of(
                    "c", REV, List.of(placed("c1", true, true, REV), placed("c2", null, null, REV)))
                .state())
        .isEqualTo(CommitStatus.State.PENDING);
    CommitStatus older = RevisionState.of("c", REV, List.of(placed("c1", true, true, "old")));
    assertThat(older.state()).isEqualTo(CommitStatus.State.PENDING);
    assertThat(older.description())
        .isEqualTo("0 of 1 object(s) available at this revision on 1 cluster(s)");
  }

  @Test
  void failureNamesTheClustersThatCouldNotApply() {
    CommitStatus s =
        RevisionState.of(
            "c", REV, List.of(placed("c2", false, null, REV), placed("c1", true, true, REV)));
    assertThat(s.state()).isEqualTo(CommitStatus.State.FAILURE);
    assertThat(s.description()).isEqualTo("1 object(s) not applied on c2");
  }

  @Test
  void nothingPlacedIsSuccessAndSaysSo() {
    assertThat(RevisionState.of("c", REV, List.of()).description()).contains("no object is placed");
  }

  private static PlacedObject placed(
      String cluster, Boolean applied, Boolean available, String revision) {
    return new PlacedObject(
        cluster,
        new WorkloadRef("", "v1", "configmaps", "ns", "cm"),
        "ConfigMap",
        applied,
        available,
        revision,
        null,
        null,
        null);
  }

  @Test
  void aRevisionThatFailedToRenderOrValidateIsAFailureNamingItsFirstError() {
    assertThat(
            RevisionState.rejected(
                "orrery/team/apps", "RenderFailed", List.of("apps/web.yaml:3: invalid YAML", "x")))
        .hasValueSatisfying(
            s -> {
              assertThat(s.state()).isEqualTo(CommitStatus.State.FAILURE);
              assertThat(s.description())
                  .isEqualTo(
                      "rejected, 2 error(s): apps/web.yaml:3: invalid YAML; the last good revision stays applied");
            });
    assertThat(RevisionState.rejected("orrery/team/apps", "ValidationFailed", List.of()))
        .isPresent();
    assertThat(RevisionState.rejected("orrery/team/apps", "FetchFailed", List.of("timeout")))
        .isEmpty();
    assertThat(RevisionState.rejected("orrery/team/apps", "Applied", List.of())).isEmpty();
  }
}
