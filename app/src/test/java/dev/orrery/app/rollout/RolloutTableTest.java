package dev.orrery.app.rollout;

import static dev.orrery.app.rollout.RolloutFixtures.PROGRESSING;
import static dev.orrery.app.rollout.RolloutFixtures.ROLLED_BACK;
import static dev.orrery.app.rollout.RolloutFixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutTableTest {
  @Test
  void oneLinePerBindingPolicyThenOnePerCluster() {
    String table =
        RolloutTable.render(
            RolloutViews.current(List.of(revision(PROGRESSING), revision(ROLLED_BACK))));

    assertThat(table)
        .isEqualTo(
"""
BINDINGPOLICY    REVISION         SOURCE       PHASE       WAVE UPDATED MESSAGE
api              3 (cccccccccccc) 9f1e2d3c4b5a RolledBack  1/2  0/2     wave 1 failed; rolled back to revision dddddddddddd from cccccccccccc: cluster1: not healthy within progressDeadline 30s: 0/1 replicas available
web              2 (bbbbbbbbbbbb) 4b825dc642cb Progressing 2/3  2/4     wave 2 of 3: waiting for 1 cluster(s) (cluster2: no health reading yet)

BINDINGPOLICY    CLUSTER    WAVE       REVISION           HEALTH      REASON
api              cluster1   1          dddddddddddd (old) Failed      0/1 replicas available
api              cluster2   2          dddddddddddd (old) Unknown     -
web              cluster1   1 (canary) bbbbbbbbbbbb       Healthy     -
web              cluster2   2 (edge)   bbbbbbbbbbbb       Progressing no health reading yet
web              cluster3   3 (core)   aaaaaaaaaaaa (old) Unknown     -
web              cluster4   3 (core)   aaaaaaaaaaaa (old) Unknown     -
""");
  }

  @Test
  void nothingGovernedIsASentence() {
    assertThat(RolloutTable.render(List.of())).startsWith("No rollouts:");
  }
}
