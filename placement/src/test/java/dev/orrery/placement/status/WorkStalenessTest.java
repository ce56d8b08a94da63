package dev.orrery.placement.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkStalenessTest {
  static final Instant NOW = Instant.parse("2026-12-06T17:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(30);

  @Test
  void aWorkWhoseGenerationTheAgentAcknowledgedIsNotStale() {
    assertThat(new WorkStaleness(GRACE).since(work(3, "2026-12-06T16:00:00Z", 3), NOW)).isEmpty();
  }

  @Test
  void anUnacknowledgedGenerationIsStaleSinceItWasWrittenOnceTheGraceHasPassed() {
    assertThat(new WorkStaleness(GRACE).since(work(4, "2026-12-06T16:59:00Z", 3), NOW))
        .contains(Instant.parse("2026-12-06T16:59:00Z"));
  }

  @Test
  void anUnacknowledgedGenerationWithinTheGraceIsNotStaleYet() {
    assertThat(new WorkStaleness(GRACE).since(work(4, "2026-12-06T16:59:45Z", 3), NOW)).isEmpty();
  }

  @Test
  void theAgentsStatusWritesDoNotCountAsChanges() {
    Map<String, Object> work = work(4, "2026-12-06T16:58:00Z", 3);
    managedFields(work)
        .add(
            Map.of(
                "manager", "work-agent", "subresource", "status", "time", "2026-12-06T16:59:59Z"));
    assertThat(new WorkStaleness(GRACE).since(work, NOW))
        .contains(Instant.parse("2026-12-06T16:58:00Z"));
  }

  @Test
  void aWorkNeverReportedOnIsStaleSinceItsLastWriteOrItsCreation() {
    Map<String, Object> reported = work(1, "2026-12-06T16:50:00Z", 1);
    reported.remove("status");
    assertThat(new WorkStaleness(GRACE).since(reported, NOW))
        .contains(Instant.parse("2026-12-06T16:50:00Z"));
    Map<String, Object> bare =
        new java.util.HashMap<>(
            Map.of(
                "metadata", Map.of("generation", 1, "creationTimestamp", "2026-12-06T16:40:00Z")));
    assertThat(new WorkStaleness(GRACE).since(bare, NOW))
        .contains(Instant.parse("2026-12-06T16:40:00Z"));
  }

  @Test
  void anAgentThatReportsNoObservedGenerationIsNotJudged() {
    Map<String, Object> work =
        Map.of(
            "metadata", Map.of("generation", 9, "creationTimestamp", "2026-12-06T16:00:00Z"),
            "status", Map.of("conditions", List.of(Map.of("type", "Applied", "status", "True"))));
    assertThat(new WorkStaleness(GRACE).since(work, NOW)).isEmpty();
  }

  @Test
  void severalWorksAreStaleSinceTheEarliest() {
    assertThat(
            new WorkStaleness(GRACE)
                .since(
                    List.of(
                        work("a", 2, "2026-12-06T16:58:00Z", 1),
                        work("b", 5, "2026-12-06T16:55:00Z", 4),
                        work("c", 7, "2026-12-06T16:00:00Z", 7)),
                    NOW))
        .contains(Instant.parse("2026-12-06T16:55:00Z"));
    assertThat(new WorkStaleness(GRACE).since(List.of(), NOW)).isEmpty();
  }

  @Test
  void laterWritesWhileTheWorkStaysUnacknowledgedDoNotMoveSince() {
    WorkStaleness staleness = new WorkStaleness(GRACE);
    staleness.since(work(4, "2026-12-06T16:50:00Z", 3), Instant.parse("2026-12-06T16:50:05Z"));
    assertThat(staleness.since(work(6, "2026-12-06T16:59:50Z", 3), NOW))
        .contains(Instant.parse("2026-12-06T16:50:00Z"));
  }

  @Test
  void anAcknowledgementInBetweenStartsAnew() {
    WorkStaleness staleness = new WorkStaleness(GRACE);
    staleness.since(work(4, "2026-12-06T16:50:00Z", 3), Instant.parse("2026-12-06T16:50:05Z"));
    assertThat(staleness.since(work(6, "2026-12-06T16:59:50Z", 5), NOW))
        .as("the agent acknowledged 4 and 5 since; 6 is within the grace")
        .isEmpty();
    assertThat(staleness.since(work(6, "2026-12-06T16:59:50Z", 5), NOW.plusSeconds(60)))
        .contains(Instant.parse("2026-12-06T16:59:50Z"));
    staleness.since(work(6, "2026-12-06T16:59:50Z", 6), NOW.plusSeconds(61));
    assertThat(staleness.since(work(7, "2026-12-06T17:05:00Z", 6), NOW.plusSeconds(400)))
        .as("an acknowledgement seen forgets the pending time")
        .contains(Instant.parse("2026-12-06T17:05:00Z"));
  }

  /**
   * A work at {@code generation}, written at {@code written}, acknowledged up to {@code observed}.
   */
  private static Map<String, Object> work(long generation, String written, long observed) {
    return work("work", generation, written, observed);
  }

  private static Map<String, Object> work(
      String name, long generation, String written, long observed) {
    List<Object> fields = new ArrayList<>();
    fields.add(Map.of("manager", "orrery", "operation", "Apply", "time", written));
    Map<String, Object> metadata =
        Map.of(
            "name", name,
            "namespace", "cluster1",
            "generation", generation,
            "creationTimestamp", "2026-12-06T15:00:00Z",
            "managedFields", fields);
    Map<String, Object> status =
        Map.of(
            "conditions",
            List.of(Map.of("type", "Applied", "status", "True", "observedGeneration", observed)));
    return new java.util.HashMap<>(Map.of("metadata", metadata, "status", status));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> managedFields(Map<String, Object> work) {
    return (List<Object>) ((Map<String, Object>) work.get("metadata")).get("managedFields");
  }
}
