package dev.orrery.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.report.forge.CommitStatus;
import dev.orrery.app.rollout.RolloutView;
import dev.orrery.app.rollout.RolloutView.ClusterRollout;
import dev.orrery.app.rollout.RolloutView.Failure;
import dev.orrery.placement.controller.PlacedObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutReportTest {
  static final String SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

  static RolloutView rollout(String policy, String phase, int wave, int updated) {
    return new RolloutView(
        policy,
        "waves",
        2,
        "bbbbbbbbbbbb",
        SHA,
        phase,
        wave,
        3,
        updated,
        10,
        "",
        List.of(new ClusterRollout("cluster1", 1, "canary", "bbbbbbbbbbbb", "Healthy", "")),
        List.of());
  }

  static RolloutView rolledBack() {
    return new RolloutView(
        "web",
        "waves",
        3,
        "cccccccccccc",
        SHA,
        "RolledBack",
        1,
        3,
        0,
        10,
        "wave 1 failed; rolled back to revision aaaaaaaaaaaa from cccccccccccc: cluster1: x",
        List.of(new ClusterRollout("cluster1", 1, "canary", "aaaaaaaaaaaa", "Failed", "0/1 ready")),
        List.of(new Failure("cluster1", "not healthy within progressDeadline 30s: 0/1 ready")));
  }

  @Test
  void aProgressingRolloutSaysItsWaveAndClustersOnTheCommit() {
    assertThat(RolloutReport.summary(rollout("web", "Progressing", 2, 3)))
        .isEqualTo("wave 2 of 3, 3/10 clusters on 4b825dc642cb");
    assertThat(RolloutReport.summary(rollout("web", "Paused", 2, 3)))
        .isEqualTo("paused at wave 2 of 3, 3/10 clusters on 4b825dc642cb");
    assertThat(RolloutReport.summary(rollout("web", "Succeeded", 3, 10)))
        .isEqualTo("rolled out to 10 cluster(s) on 4b825dc642cb");
  }

  @Test
  void aRollbackNamesTheRevisionsAndWhy() {
    assertThat(RolloutReport.summary(rolledBack()))
        .isEqualTo(
            "rolled back 4b825dc642cb to revision aaaaaaaaaaaa at wave 1 of 3: cluster1: not"
                + " healthy within progressDeadline 30s: 0/1 ready");
  }

  @Test
  void anAbortWithoutFailuresGivesItsCause() {
    RolloutView aborted =
        new RolloutView(
            "web",
            "waves",
            3,
            "cccccccccccc",
            "",
            "Halted",
            2,
            3,
            4,
            10,
            "aborted (annotation rollout.orrery.dev/abort); halted at wave 2 (no earlier succeeded"
                + " revision to roll back to)",
            List.of(),
            List.of());

    assertThat(RolloutReport.summary(aborted))
        .isEqualTo(
            "halted at wave 2 of 3 on revision 3 (cccccccccccc): aborted (annotation"
                + " rollout.orrery.dev/abort)");
  }

  @Test
  void aFailedRolloutFailsTheCommitStatusAndOutranksTheObjects() {
    Optional<CommitStatus> status =
        RolloutReport.commitStatus(
            "orrery/default/fleet", List.of(rollout("api", "Progressing", 1, 1), rolledBack()));

    assertThat(status).isPresent();
    assertThat(status.get().state()).isEqualTo(CommitStatus.State.FAILURE);
    assertThat(status.get().description()).startsWith("web: rolled back 4b825dc642cb");
    CommitStatus objectsOk =
        new CommitStatus(CommitStatus.State.SUCCESS, "orrery/default/fleet", "all", null);
    assertThat(RolloutReport.combined(objectsOk, status)).isEqualTo(status.get());
  }

  @Test
  void aRolloutUnderWayIsPendingUnlessObjectsFailed() {
    Optional<CommitStatus> status =
        RolloutReport.commitStatus("c", List.of(rollout("web", "Progressing", 2, 3)));

    assertThat(status.get().state()).isEqualTo(CommitStatus.State.PENDING);
    assertThat(status.get().description()).isEqualTo("wave 2 of 3, 3/10 clusters on 4b825dc642cb");
    CommitStatus objectsFailed =
        new CommitStatus(CommitStatus.State.FAILURE, "c", "1 object(s) not applied", null);
    assertThat(RolloutReport.combined(objectsFailed, status)).isEqualTo(objectsFailed);
  }

  @Test
  void succeededRolloutsLeaveTheStatusToTheObjects() {
    CommitStatus objects = new CommitStatus(CommitStatus.State.SUCCESS, "c", "all", null);

    Optional<CommitStatus> status =
        RolloutReport.commitStatus("c", List.of(rollout("web", "Succeeded", 3, 10)));

    assertThat(status).isEmpty();
    assertThat(RolloutReport.combined(objects, status)).isEqualTo(objects);
  }

  @Test
  void statusFilesCarryTheRollout() {
    Map<String, byte[]> files =
        StatusDocuments.build(
            "default/fleet",
            "default",
            "fleet",
            SHA,
            Map.of("web", List.<PlacedObject>of()),
            Map.of("web", rolledBack()),
            Map.of());

    String policy =
        new String(files.get("default/fleet/policies/web.yaml"), StandardCharsets.UTF_8);
    assertThat(policy)
        .contains("rollout:")
        .contains("phase: \"RolledBack\"")
        .contains("rolled back 4b825dc642cb to revision aaaaaaaaaaaa")
        .contains("cluster1:")
        .contains("waveName: \"canary\"");
    String summary = new String(files.get("default/fleet/summary.yaml"), StandardCharsets.UTF_8);
    assertThat(summary).contains("rollouts:").contains("web: \"rolled back 4b825dc642cb");
  }

  @Test
  void withoutRolloutsNoFileHasARolloutSection() {
    Map<String, List<PlacedObject>> byPolicy = Map.of("web", List.of());

    StatusDocuments.build("d", "default", "fleet", SHA, byPolicy, Map.of(), Map.of())
        .values()
        .forEach(
            bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("rollout"));
  }
}
