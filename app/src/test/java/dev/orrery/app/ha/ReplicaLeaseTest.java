package dev.orrery.app.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaLeaseTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final Duration FIFTEEN = Duration.ofSeconds(15);

  @Test
  void liveAreThoseRenewedWithinTheirDuration() {
    List<ReplicaLease> leases =
        List.of(
            new ReplicaLease("b", NOW.minusSeconds(14), FIFTEEN),
            new ReplicaLease("a", NOW.minusSeconds(1), FIFTEEN),
            new ReplicaLease("c", NOW.minusSeconds(15), FIFTEEN),
            new ReplicaLease("d", NOW.minusSeconds(300), FIFTEEN));
    assertThat(ReplicaLease.live(leases, NOW)).containsExactly("a", "b");
  }

  @Test
  void aReplicaCountsItselfOnlyWhileItsOwnRenewalIsFresh() {
    List<ReplicaLease> leases =
        List.of(
            new ReplicaLease("a", NOW.minusSeconds(1), FIFTEEN),
            new ReplicaLease("b", NOW.minusSeconds(2), FIFTEEN));
    assertThat(ReplicaLease.liveAsSeenBy("c", true, leases, NOW)).containsExactly("a", "b", "c");
    assertThat(ReplicaLease.liveAsSeenBy("a", false, leases, NOW)).containsExactly("b");
    assertThat(ReplicaLease.liveAsSeenBy("a", true, leases, NOW)).containsExactly("a", "b");
  }

  @Test
  void goneLongerThanCountsFromExpiry() {
    ReplicaLease l = new ReplicaLease("a", NOW.minusSeconds(615), FIFTEEN);
    assertThat(l.goneLongerThan(Duration.ofMinutes(10), NOW)).isFalse();
    assertThat(l.goneLongerThan(Duration.ofMinutes(10), NOW.plusSeconds(1))).isTrue();
  }

  @Test
  void readsALease() {
    var lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(ReplicaLease.leaseName("pod-1"))
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity("pod-1")
            .withLeaseDurationSeconds(15)
            .withRenewTime(NOW.atZone(ZoneOffset.UTC))
            .endSpec()
            .build();
    assertThat(ReplicaLease.of(lease)).contains(new ReplicaLease("pod-1", NOW, FIFTEEN));
    assertThat(ReplicaLease.leaseName("pod-1")).isEqualTo("orrery-replica-pod-1");
  }

  @Test
  void aLeaseWithoutHolderOrRenewalIsNoReplica() {
    assertThat(ReplicaLease.of(new LeaseBuilder().withNewSpec().endSpec().build())).isEmpty();
    assertThat(
            ReplicaLease.of(
                new LeaseBuilder().withNewSpec().withHolderIdentity("x").endSpec().build()))
        .isEmpty();
  }
}
