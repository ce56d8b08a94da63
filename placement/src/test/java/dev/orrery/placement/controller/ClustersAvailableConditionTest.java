package dev.orrery.placement.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClustersAvailableConditionTest {
  @Test
  void trueWhenNoSelectedClusterIsUnavailable() {
    Map<String, Object> c =
        ClustersAvailableCondition.of(
            List.of("c1", "c2"), Map.of("other", "ManagedClusterConditionAvailable=Unknown"), 3);
    assertEquals("ClustersAvailable", c.get("type"));
    assertEquals("True", c.get("status"));
    assertEquals("AllAvailable", c.get("reason"));
    assertEquals(3L, c.get("observedGeneration"));
  }

  @Test
  void falseNamingTheUnavailableSelectedClustersAndWhy() {
    Map<String, Object> c =
        ClustersAvailableCondition.of(
            List.of("c2", "c1", "c3"),
            Map.of(
                "c3", "ManagedClusterConditionAvailable=Unknown",
                "c1", "ManagedClusterConditionAvailable=False",
                "other", "x"),
            1);
    assertEquals("False", c.get("status"));
    assertEquals("ClustersUnavailable", c.get("reason"));
    assertEquals(
        "2 of 3 selected cluster(s) unavailable: c1: ManagedClusterConditionAvailable=False;"
            + " c3: ManagedClusterConditionAvailable=Unknown",
        c.get("message"));
  }
}
