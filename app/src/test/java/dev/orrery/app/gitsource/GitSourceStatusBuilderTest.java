package dev.orrery.app.gitsource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.sync.Inventory;
import dev.orrery.app.sync.InventoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitSourceStatusBuilderTest {
  static final String REV = "0123456789abcdef0123456789abcdef01234567";
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  static final Inventory ONE =
      Inventory.of(List.of(new InventoryEntry("v1", "ConfigMap", "configmaps", "a", "one", "h")));

  static SyncFacts facts(int applied, int pruned, String guardMessage) {
    return new SyncFacts(
        ONE,
        applied,
        0,
        0,
        true,
        pruned,
        List.of(),
        guardMessage.isEmpty() ? 0 : 3,
        guardMessage,
        "");
  }

  static ReconcileResult build(
      GitSourceStatus previous, String fetched, SyncFacts facts, StepOutcome outcome) {
    return GitSourceStatusBuilder.build(
        new GitSourceStatusBuilder.Input(
            previous, 2, Duration.ofMinutes(1), fetched, facts, outcome, NOW));
  }

  @Test
  void anAppliedRevisionIsReadyWithItsCountsAndAnEvent() {
    ReconcileResult result =
        build(GitSourceStatus.EMPTY, REV, facts(1, 0, ""), StepOutcome.CONTINUE);

    GitSourceStatus status = result.status();
    assertThat(status.lastAppliedRevision()).isEqualTo(REV);
    assertThat(status.lastFetchedRevision()).isEqualTo(REV);
    assertThat(status.lastAppliedTime()).isEqualTo("2026-12-06T12:00:00Z");
    assertThat(status.lastDriftCheckTime()).isEqualTo("2026-12-06T12:00:00Z");
    assertThat(status.appliedCount()).isEqualTo(1);
    assertThat(status.observedGeneration()).isEqualTo(2);
    assertThat(status.errors()).isEmpty();
    assertThat(status.condition("Ready"))
        .containsEntry("status", "True")
        .containsEntry("reason", "Applied")
        .containsEntry(
            "message", "applied revision 0123456789ab: 1 changed, 0 unchanged, 0 pruned");
    assertThat(result.requeueAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(result.events())
        .extracting(ReconcileResult.SourceEvent::reason)
        .containsExactly("Applied");
  }

  @Test
  void aRejectedRevisionKeepsTheLastGoodOneAndRetriesSoon() {
    GitSourceStatus applied =
        build(GitSourceStatus.EMPTY, "old", facts(1, 0, ""), StepOutcome.CONTINUE).status();

    ReconcileResult result =
        build(
            applied,
            REV,
            null,
            new StepOutcome.Stop("RenderFailed", "revision rejected", List.of("a.yaml:1: bad")));

    assertThat(result.status().lastAppliedRevision()).isEqualTo("old");
    assertThat(result.status().lastFetchedRevision()).isEqualTo(REV);
    assertThat(result.status().inventory()).isEqualTo(ONE);
    assertThat(result.status().errors()).containsExactly("a.yaml:1: bad");
    assertThat(result.status().condition("Ready"))
        .containsEntry("status", "False")
        .containsEntry("reason", "RenderFailed");
    assertThat(result.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(result.events()).singleElement().matches(ReconcileResult.SourceEvent::warning);
  }

  @Test
  void heldDeletionsLeaveTheSourceNotReadyWithTheGuardsMessage() {
    ReconcileResult result =
        build(
            GitSourceStatus.EMPTY,
            REV,
            facts(0, 0, "deletion guard: confirm"),
            StepOutcome.CONTINUE);

    assertThat(result.status().heldDeletions()).isEqualTo(3);
    assertThat(result.status().condition("Ready"))
        .containsEntry("status", "False")
        .containsEntry("reason", "DeletionHeld")
        .containsEntry("message", "deletion guard: confirm");
    assertThat(result.events())
        .extracting(ReconcileResult.SourceEvent::reason)
        .containsExactly("DeletionHeld");
  }

  @Test
  void anInvalidSpecStallsWithoutRequeueAndSuspensionKeepsReadiness() {
    ReconcileResult stalled =
        build(
            GitSourceStatus.EMPTY,
            null,
            null,
            new StepOutcome.Stalled("InvalidSpec", "spec.url is required"));
    assertThat(stalled.status().condition("Stalled")).containsEntry("status", "True");
    assertThat(stalled.status().errors()).containsExactly("spec.url is required");
    assertThat(stalled.requeueAfter()).isNull();

    GitSourceStatus ready =
        build(GitSourceStatus.EMPTY, REV, facts(1, 0, ""), StepOutcome.CONTINUE).status();
    ReconcileResult suspended = build(ready, null, null, new StepOutcome.Suspended());
    assertThat(suspended.status().condition("Ready"))
        .containsEntry("status", "True")
        .containsEntry("reason", "Suspended");
    assertThat(suspended.status().lastAppliedRevision()).isEqualTo(REV);
    assertThat(suspended.status().errors()).isNull();
    assertThat(suspended.events()).isEmpty();
    assertThat(suspended.status().toMap()).doesNotContainKey("errors").containsKey("inventory");
  }

  @Test
  void theSameRevisionAgainKeepsItsAppliedTime() {
    GitSourceStatus first =
        build(GitSourceStatus.EMPTY, REV, facts(1, 0, ""), StepOutcome.CONTINUE).status();
    GitSourceStatus earlier =
        GitSourceStatus.parse(
            Map.of(
                "lastAppliedRevision",
                REV,
                "lastAppliedTime",
                "then",
                "inventory",
                first.toMap().get("inventory")));

    GitSourceStatus again = build(earlier, REV, facts(0, 0, ""), StepOutcome.CONTINUE).status();

    assertThat(again.lastAppliedTime()).isEqualTo("then");
  }

  @Test
  void objectsNotReallyPrunedAreNotCountedAndTheStatusSaysWhy() {
    SyncFacts facts =
        new SyncFacts(ONE, 0, 1, 0, false, 1, List.of("ConfigMap a/two: already gone"), 0, "", "");

    GitSourceStatus status =
        build(GitSourceStatus.EMPTY, REV, facts, StepOutcome.CONTINUE).status();

    assertThat(status.prunedCount()).isEqualTo(1);
    assertThat(status.skippedPrunes()).containsExactly("ConfigMap a/two: already gone");
    assertThat(status.condition("Ready").get("message"))
        .isEqualTo(
            "applied revision 0123456789ab: 0 changed, 1 unchanged, 1 pruned, 1 not pruned (see status.skippedPrunes)");
    assertThat(
            build(GitSourceStatus.EMPTY, REV, facts(1, 0, ""), StepOutcome.CONTINUE)
                .status()
                .toMap())
        .doesNotContainKey("skippedPrunes");
  }

  @Test
  void aRevisionHeldForItsPlacementsKeepsTheAppliedOneAndSaysHowToConfirm() {
    GitSourceStatus applied =
        build(GitSourceStatus.EMPTY, "old", facts(1, 0, ""), StepOutcome.CONTINUE).status();

    ReconcileResult result =
        build(
            applied,
            REV,
            null,
            new StepOutcome.Held("deletion guard: ... confirm-deletions=" + REV));

    assertThat(result.status().lastAppliedRevision()).isEqualTo("old");
    assertThat(result.status().lastFetchedRevision()).isEqualTo(REV);
    assertThat(result.status().errors()).isEmpty();
    assertThat(result.status().condition("Ready"))
        .containsEntry("status", "False")
        .containsEntry("reason", "DeletionHeld");
    assertThat(result.events())
        .singleElement()
        .matches(e -> e.warning() && e.reason().equals("DeletionHeld"));
    assertThat(result.requeueAfter()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void whenPlacementsCouldNotBeCheckedTheMessageSaysSo() {
    SyncFacts facts =
        new SyncFacts(
            ONE,
            1,
            0,
            0,
            false,
            0,
            List.of(),
            0,
            "",
            "placements not checked (Orrery has not loaded the ManagedClusters (ITS) yet); objects only");

    GitSourceStatus status =
        build(GitSourceStatus.EMPTY, REV, facts, StepOutcome.CONTINUE).status();

    assertThat(status.condition("Ready").get("message").toString())
        .endsWith(
            "0 pruned; placements not checked (Orrery has not loaded the ManagedClusters (ITS) yet); objects only");
  }

  @Test
  void aGitFailureRetryingCannotCureStallsAndIsRetriedOnlyAtTheInterval() {
    ReconcileResult result =
        build(
            GitSourceStatus.EMPTY,
            null,
            null,
            new StepOutcome.Stalled(
                "AuthenticationFailed", "fetch failed: authentication failed", true));

    assertThat(result.status().condition("Stalled"))
        .containsEntry("status", "True")
        .containsEntry("reason", "AuthenticationFailed");
    assertThat(result.status().condition("Ready")).containsEntry("status", "False");
    assertThat(result.requeueAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(
            build(GitSourceStatus.EMPTY, null, null, new StepOutcome.Stalled("InvalidSpec", "bad"))
                .requeueAfter())
        .as("an invalid spec waits for the GitSource to change")
        .isNull();
  }

  @Test
  void aNetworkFailureIsRetriedWithExponentialBackoff() {
    StepOutcome failed =
        new StepOutcome.Stop(
            GitSourceReconciler.FETCH_FAILED, "fetch failed: connection refused", List.of());
    ReconcileResult first = build(GitSourceStatus.EMPTY, null, null, failed);
    assertThat(first.requeueAfter()).isEqualTo(Duration.ofSeconds(5));

    Duration previous = first.requeueAfter();
    GitSourceStatus status = first.status();
    Instant at = NOW;
    for (int i = 0; i < 12; i++) {
      at = at.plus(previous);
      ReconcileResult next =
          GitSourceStatusBuilder.build(
              new GitSourceStatusBuilder.Input(
                  status, 2, Duration.ofMinutes(1), null, null, failed, at));
      assertThat(next.requeueAfter())
          .isGreaterThanOrEqualTo(previous)
          .isLessThanOrEqualTo(Duration.ofMinutes(5));
      previous = next.requeueAfter();
      status = next.status();
    }
    assertThat(previous).as("capped").isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void everySuccessfulFetchIsTimedWhateverBecomesOfItsRevision() {
    GitSourceStatus applied =
        build(GitSourceStatus.EMPTY, REV, facts(1, 0, ""), StepOutcome.CONTINUE).status();
    assertThat(applied.lastFetchTime()).isEqualTo("2026-12-06T12:00:00Z");

    Instant later = NOW.plusSeconds(90);
    GitSourceStatus rejected =
        GitSourceStatusBuilder.build(
                new GitSourceStatusBuilder.Input(
                    applied,
                    2,
                    Duration.ofMinutes(1),
                    "f".repeat(40),
                    null,
                    new StepOutcome.Stop("RenderFailed", "rejected", List.of("a.yaml:1: bad")),
                    later))
            .status();
    assertThat(rejected.lastFetchTime())
        .as("a rejected revision was fetched")
        .isEqualTo("2026-12-06T12:01:30Z");
    assertThat(rejected.lastAppliedTime()).isEqualTo("2026-12-06T12:00:00Z");

    GitSourceStatus unreachable =
        GitSourceStatusBuilder.build(
                new GitSourceStatusBuilder.Input(
                    rejected,
                    2,
                    Duration.ofMinutes(1),
                    null,
                    null,
                    new StepOutcome.Stop(
                        GitSourceReconciler.FETCH_FAILED, "fetch failed: refused", List.of()),
                    later.plusSeconds(60)))
            .status();
    assertThat(unreachable.lastFetchTime())
        .as("a failed fetch keeps the last one that worked")
        .isEqualTo("2026-12-06T12:01:30Z");
  }

  @Test
  void theLastWebhookIsKeptAndOnlyALaterOneReplacesIt() {
    Instant hook = Instant.parse("2026-12-06T11:59:58.750Z");
    GitSourceStatus first =
        GitSourceStatusBuilder.build(
                new GitSourceStatusBuilder.Input(
                    GitSourceStatus.EMPTY,
                    2,
                    Duration.ofMinutes(1),
                    REV,
                    facts(1, 0, ""),
                    StepOutcome.CONTINUE,
                    NOW,
                    hook))
            .status();
    assertThat(first.lastWebhookTime()).isEqualTo("2026-12-06T11:59:58Z");
    assertThat(build(first, REV, facts(0, 0, ""), StepOutcome.CONTINUE).status().lastWebhookTime())
        .as("a reconcile on the interval keeps it")
        .isEqualTo("2026-12-06T11:59:58Z");
    assertThat(GitSourceStatusBuilder.later("2026-12-06T11:59:58Z", hook.minusSeconds(30)))
        .as("an older one does not replace it")
        .isEqualTo("2026-12-06T11:59:58Z");
    assertThat(GitSourceStatusBuilder.later("2026-12-06T11:59:58Z", hook.plusSeconds(2)))
        .isEqualTo("2026-12-06T12:00:00Z");
    assertThat(GitSourceStatusBuilder.later("garbage", hook)).isEqualTo("2026-12-06T11:59:58Z");
    assertThat(GitSourceStatusBuilder.later(null, null)).isNull();
  }
}
