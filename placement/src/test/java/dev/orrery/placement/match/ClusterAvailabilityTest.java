package dev.orrery.placement.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterAvailabilityTest {
  private static Map<String, Object> cluster(Map<String, Object> condition) {
    return Map.of(
        "metadata",
        Map.of("name", "c1"),
        "status",
        Map.of(
            "conditions",
            List.of(Map.of("type", "ManagedClusterJoined", "status", "True"), condition)));
  }

  @Test
  void availableWhenTheConditionIsTrue() {
    assertTrue(
        ClusterAvailability.available(
            cluster(Map.of("type", ClusterAvailability.CONDITION, "status", "True"))));
  }

  @Test
  void unavailableWhenTheLeaseStoppedWithReasonAndMessage() {
    Map<String, Object> mc =
        cluster(
            Map.of(
                "type",
                ClusterAvailability.CONDITION,
                "status",
                "Unknown",
                "reason",
                "ManagedClusterLeaseUpdateStopped",
                "message",
                "Registration agent stopped updating its lease."));
    assertFalse(ClusterAvailability.available(mc));
    assertEquals(
        Optional.of(
            "ManagedClusterConditionAvailable=Unknown (ManagedClusterLeaseUpdateStopped:"
                + " Registration agent stopped updating its lease.)"),
        ClusterAvailability.unavailableReason(mc));
  }

  @Test
  void unavailableWhenFalseEvenWithoutReason() {
    assertEquals(
        Optional.of("ManagedClusterConditionAvailable=False"),
        ClusterAvailability.unavailableReason(
            cluster(Map.of("type", ClusterAvailability.CONDITION, "status", "False"))));
  }

  @Test
  void aClusterThatDoesNotReportCountsAsAvailable() {
    assertTrue(ClusterAvailability.available(Map.of("metadata", Map.of("name", "c1"))));
    assertTrue(
        ClusterAvailability.available(
            cluster(Map.of("type", "ManagedClusterConditionClockSynced", "status", "False"))));
  }
}
