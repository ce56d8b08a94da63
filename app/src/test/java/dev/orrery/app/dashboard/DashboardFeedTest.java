package dev.orrery.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.controller.InventoryUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DashboardFeedTest {

  @Test
  void oneRebuildAndOnePushPerBurstOfChanges() {
    AtomicInteger builds = new AtomicInteger();
    Supplier<FleetMap> fleet =
        () -> {
          builds.incrementAndGet();
          return FleetMap.build(
              List.of(FleetMapTest.cluster("cluster1", "edge")), List.of(), List.of());
        };
    try (DashboardFeed feed = new DashboardFeed(fleet, Duration.ofSeconds(1))) {
      List<Long> pushed = new ArrayList<>();
      feed.versions().subscribe(pushed::add);
      feed.tick();
      assertThat(feed.fleetJson()).contains("\"version\":1", "cluster1");
      feed.tick();
      assertThat(builds).as("nothing changed since").hasValue(1);
      feed.changed();
      feed.changed();
      feed.changed();
      feed.tick();
      assertThat(builds).hasValue(2);
      assertThat(pushed).containsExactly(1L, 2L);
      assertThat(feed.unavailable()).isNull();
    }
  }

  @Test
  void whileTheCachesLoadThereIsNoMapAndTheFeedTriesAgain() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<FleetMap> fleet =
        () -> {
          if (calls.incrementAndGet() == 1) {
            throw new InventoryUnavailableException("Orrery has not loaded the clusters yet");
          }
          return FleetMap.build(List.of(), List.of(), List.of());
        };
    try (DashboardFeed feed = new DashboardFeed(fleet, Duration.ofSeconds(1))) {
      feed.tick();
      assertThat(feed.fleetJson()).isNull();
      assertThat(feed.unavailable()).contains("not loaded");
      feed.tick();
      assertThat(feed.fleetJson()).as("retried without a new change").isNotNull();
      assertThat(Optional.ofNullable(feed.unavailable())).isEmpty();
    }
  }
}
