package dev.orrery.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaderElectionConfigTest {

  @Test
  void timingsMustNest() {
    assertThatThrownBy(
            () -> config(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(2)))
        .hasMessageContaining("retry-period < renew-deadline < lease-duration");
    assertThatThrownBy(
            () -> config(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultIdentityIsAKubernetesNameWithThePid() {
    LeaderElectionConfig c =
        config(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    assertThat(c.identity())
        .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
        .endsWith("-" + ProcessHandle.current().pid());
  }

  private static LeaderElectionConfig config(Duration lease, Duration renew, Duration retry) {
    return new LeaderElectionConfig(
        true, "orrery-leader", "orrery-system", lease, renew, retry, null);
  }
}
