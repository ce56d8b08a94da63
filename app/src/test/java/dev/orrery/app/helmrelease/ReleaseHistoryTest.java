package dev.orrery.app.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.renderer.ChartRelease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Revisions advance when what Helm would release changes, and history stays bounded. */
class ReleaseHistoryTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final ReleaseHistory history = new ReleaseHistory(3);

  static ChartRelease release(String greeting) {
    return HelmReleaseCodecTest.release(greeting);
  }

  private List<ReleaseRecord> sync(List<ReleaseRecord> stored, String greeting, int minute) {
    ChartRelease r = release(greeting);
    return history.next(r, ReleaseDigest.of(r), stored, T0.plusSeconds(60L * minute), "");
  }

  @Test
  void anUnchangedRenderKeepsTheStoredRecordsExactly() {
    List<ReleaseRecord> first = sync(List.of(), "hi", 0);
    assertThat(sync(first, "hi", 5)).isEqualTo(first);
  }

  @Test
  void aValuesChangeDeploysTheNextRevisionAndSupersedesThePrevious() {
    List<ReleaseRecord> first = sync(List.of(), "hi", 0);
    List<ReleaseRecord> second = sync(first, "hey", 5);
    assertThat(second).extracting(ReleaseRecord::version).containsExactly(1, 2);
    assertThat(second).extracting(ReleaseRecord::status).containsExactly("superseded", "deployed");
    Map<?, ?> info = (Map<?, ?>) second.get(1).release().get("info");
    assertThat(info.get("first_deployed")).isEqualTo(T0.toString());
    assertThat(info.get("last_deployed")).isEqualTo(T0.plusSeconds(300).toString());
    assertThat(info.get("description")).isEqualTo("Upgrade complete");
    Map<?, ?> oldInfo = (Map<?, ?>) second.get(0).release().get("info");
    assertThat(oldInfo.get("status")).isEqualTo("superseded");
    assertThat(oldInfo.get("description")).isEqualTo("Install complete");
    assertThat(second.get(0).createdAt()).isEqualTo(first.get(0).createdAt());
  }

  @Test
  void goingBackToEarlierValuesIsANewRevisionAsARollbackWouldBe() {
    List<ReleaseRecord> records = sync(sync(List.of(), "a", 0), "b", 1);
    assertThat(sync(records, "a", 2)).extracting(ReleaseRecord::version).containsExactly(1, 2, 3);
  }

  @Test
  void historyKeepsTheNewestMaxRevisions() {
    List<ReleaseRecord> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      records = sync(records, "v" + i, i);
    }
    assertThat(records).extracting(ReleaseRecord::version).containsExactly(4, 5, 6);
    assertThat(records)
        .extracting(ReleaseRecord::status)
        .containsExactly("superseded", "superseded", "deployed");
  }

  @Test
  void aChartChangeAlsoAdvancesTheRevision() {
    ChartRelease r = release("hi");
    List<ReleaseRecord> first = history.next(r, ReleaseDigest.of(r), List.of(), T0, "");
    ChartRelease bumped =
        new ChartRelease(
            r.chartDir(),
            r.name(),
            r.namespace(),
            Map.of("name", "web", "version", "1.2.4"),
            r.chartValues(),
            r.config(),
            r.manifest());
    assertThat(ReleaseDigest.of(bumped)).isNotEqualTo(ReleaseDigest.of(r));
    assertThat(history.next(bumped, ReleaseDigest.of(bumped), first, T0, ""))
        .extracting(ReleaseRecord::version)
        .containsExactly(1, 2);
  }
}
