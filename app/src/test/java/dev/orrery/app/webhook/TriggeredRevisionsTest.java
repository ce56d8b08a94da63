package dev.orrery.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TriggeredRevisionsTest {
  @Test
  void aRevisionTriggersOncePerSource() {
    TriggeredRevisions revisions = new TriggeredRevisions(10);
    assertThat(revisions.firstTime("default/a", "r1")).isTrue();
    assertThat(revisions.firstTime("default/a", "r1")).isFalse();
    assertThat(revisions.firstTime("default/b", "r1")).isTrue();
    assertThat(revisions.firstTime("default/a", "r2")).isTrue();
  }

  @Test
  void aPushBackToAnOlderRevisionTriggersAgain() {
    TriggeredRevisions revisions = new TriggeredRevisions(10);
    revisions.firstTime("default/a", "r1");
    revisions.firstTime("default/a", "r2");
    assertThat(revisions.firstTime("default/a", "r1")).isTrue();
  }

  @Test
  void aPushWithoutRevisionAlwaysTriggers() {
    TriggeredRevisions revisions = new TriggeredRevisions(10);
    assertThat(revisions.firstTime("default/a", null)).isTrue();
    assertThat(revisions.firstTime("default/a", "")).isTrue();
    assertThat(revisions.firstTime("default/a", "")).isTrue();
  }

  @Test
  void theLeastRecentlyTriggeredSourceIsForgottenBeyondTheCapacity() {
    TriggeredRevisions revisions = new TriggeredRevisions(2);
    revisions.firstTime("a", "r1");
    revisions.firstTime("b", "r1");
    revisions.firstTime("c", "r1");
    assertThat(revisions.firstTime("a", "r1")).as("forgotten").isTrue();
    assertThat(revisions.firstTime("c", "r1")).isFalse();
  }
}
