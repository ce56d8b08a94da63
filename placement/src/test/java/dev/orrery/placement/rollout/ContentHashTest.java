package dev.orrery.placement.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentHashTest {
  private static Map.Entry<String, Map<String, Object>> entry(String id, Map<String, Object> o) {
    return new SimpleImmutableEntry<>(id, o);
  }

  @Test
  void keyOrderAndNumberTypesDoNotChangeTheHash() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("kind", "Deployment");
    a.put("spec", Map.of("replicas", 2));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("spec", Map.of("replicas", 2L));
    b.put("kind", "Deployment");
    assertEquals(
        ContentHash.of(List.of(entry("apps/deployments/ns/web", a))),
        ContentHash.of(List.of(entry("apps/deployments/ns/web", b))));
    assertEquals(12, ContentHash.of(List.of(entry("x", a))).length());
  }

  @Test
  void anyChangeOfContentIdentityOrFlagsChangesTheHash() {
    Map<String, Object> o = Map.of("spec", Map.of("replicas", 2));
    String base = ContentHash.of(List.of(entry("apps/deployments/ns/web", o)));
    assertNotEquals(
        base,
        ContentHash.of(
            List.of(entry("apps/deployments/ns/web", Map.of("spec", Map.of("replicas", 3))))));
    assertNotEquals(base, ContentHash.of(List.of(entry("apps/deployments/ns/api", o))));
    assertNotEquals(base, ContentHash.of(List.of(entry("apps/deployments/ns/web createOnly", o))));
    assertNotEquals(base, ContentHash.of(List.of()));
  }

  @Test
  void tellsApartEditsThatMapHashCodeSumsAway() {
    // Map.hashCode is a sum: an annotation and an image tag both going from v1 to v2 cancel out.
    Map<String, Object> v1 = Map.of("version", "v1", "image", "app:v1");
    Map<String, Object> v2 = Map.of("version", "v2", "image", "app:v2");
    assertEquals(v1.hashCode(), v2.hashCode());
    assertNotEquals(
        ContentHash.of(List.of(entry("spec", v1))), ContentHash.of(List.of(entry("spec", v2))));
  }
}
