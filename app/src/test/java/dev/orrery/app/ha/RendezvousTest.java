package dev.orrery.app.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  private static final List<String> KEYS =
      java.util.stream.IntStream.range(0, 600)
          .mapToObj(i -> "team-" + (i % 7) + "/app-" + i)
          .toList();

  @Test
  void noReplicasNoOwner() {
    assertThat(Rendezvous.owner("a/b", List.of())).isEmpty();
  }

  @Test
  void theOwnerDoesNotDependOnTheOrderOfTheReplicas() {
    for (String key : KEYS) {
      assertThat(Rendezvous.owner(key, List.of("r1", "r2", "r3")))
          .isEqualTo(Rendezvous.owner(key, List.of("r3", "r1", "r2")));
    }
  }

  @Test
  void sharesAreRoughlyEven() {
    Map<String, Integer> counts = owners(Set.of("r1", "r2", "r3"));
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(150, 250));
  }

  @Test
  void whenAReplicaLeavesOnlyItsKeysMove() {
    Map<String, String> before = ownerOf(Set.of("r1", "r2", "r3"));
    Map<String, String> after = ownerOf(Set.of("r1", "r2"));
    for (String key : KEYS) {
      if (!before.get(key).equals("r3")) {
        assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
      } else {
        assertThat(after.get(key)).isIn("r1", "r2");
      }
    }
  }

  @Test
  void whenAReplicaJoinsKeysMoveOnlyToIt() {
    Map<String, String> before = ownerOf(Set.of("r1", "r2"));
    Map<String, String> after = ownerOf(Set.of("r1", "r2", "r3"));
    long moved = 0;
    for (String key : KEYS) {
      if (!after.get(key).equals(before.get(key))) {
        assertThat(after.get(key)).isEqualTo("r3");
        moved++;
      }
    }
    assertThat(moved).isBetween(150L, 250L);
  }

  @Test
  void theWeightIsStable() {
    // Fixed so that replicas of different versions agree on owners.
    assertThat(Rendezvous.weight("orrery-0", "default/fleet"))
        .isEqualTo(Rendezvous.weight("orrery-0", "default/fleet"));
    assertThat(Rendezvous.weight("orrery-0", "default/fleet"))
        .isNotEqualTo(Rendezvous.weight("orrery-1", "default/fleet"));
  }

  private static Map<String, String> ownerOf(Set<String> replicas) {
    Map<String, String> out = new HashMap<>();
    for (String key : KEYS) {
      out.put(key, Rendezvous.owner(key, replicas).orElseThrow());
    }
    return out;
  }

  private static Map<String, Integer> owners(Set<String> replicas) {
    Map<String, Integer> counts = new HashMap<>();
    ownerOf(replicas).values().forEach(r -> counts.merge(r, 1, Integer::sum));
    return counts;
  }
}
