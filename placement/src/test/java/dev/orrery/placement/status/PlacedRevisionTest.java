package dev.orrery.placement.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacedRevisionTest {

  @Test
  void theObjectOrreryAppliedLastGivesTheRevision() {
    Map<String, Object> unchangedSinceAbc = object("abc", "orrery", "2026-01-01T10:00:00Z");
    Map<String, Object> changedInDef = object("def", "orrery", "2026-01-02T10:00:00Z");
    assertThat(PlacedRevision.newest(List.of(unchangedSinceAbc, changedInDef), "orrery"))
        .hasValue("def");
    assertThat(PlacedRevision.newest(List.of(changedInDef, unchangedSinceAbc), "orrery"))
        .hasValue("def");
  }

  @Test
  void writesByOtherManagersDoNotCount() {
    Map<String, Object> older = object("abc", "orrery", "2026-01-01T10:00:00Z");
    Map<String, Object> scaledLater = object("def", "orrery", "2025-12-31T10:00:00Z");
    addManager(scaledLater, "kubectl", "2026-02-01T00:00:00Z");
    assertThat(PlacedRevision.newest(List.of(older, scaledLater), "orrery")).hasValue("abc");
  }

  @Test
  void tiesGoToTheGreaterRevisionWhateverTheOrder() {
    Map<String, Object> a = object("aaa", "orrery", "2026-01-01T10:00:00Z");
    Map<String, Object> b = object("bbb", "orrery", "2026-01-01T10:00:00Z");
    assertThat(PlacedRevision.newest(List.of(a, b), "orrery")).hasValue("bbb");
    assertThat(PlacedRevision.newest(List.of(b, a), "orrery")).hasValue("bbb");
  }

  @Test
  void objectsWithoutTheAnnotationGiveNothing() {
    Map<String, Object> fromArgo = Yaml.map("metadata: {name: x, annotations: {other: y}}");
    assertThat(PlacedRevision.newest(List.of(fromArgo), "orrery")).isEmpty();
    assertThat(PlacedRevision.newest(List.of(), "orrery")).isEmpty();
  }

  @Test
  void anAnnotatedObjectWithoutManagedFieldsStillCounts() {
    Map<String, Object> bare =
        Yaml.map("metadata: {name: x, annotations: {gitops.orrery.dev/revision: r1}}");
    assertThat(PlacedRevision.newest(List.of(bare), "orrery")).hasValue("r1");
  }

  private static Map<String, Object> object(String revision, String manager, String time) {
    return Yaml.map(
        """
        metadata:
          name: x
          annotations: {gitops.orrery.dev/revision: %s}
          managedFields:
          - {manager: %s, operation: Apply, time: "%s"}
        """
            .formatted(revision, manager, time));
  }

  @SuppressWarnings("unchecked")
  private static void addManager(Map<String, Object> object, String manager, String time) {
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    ((List<Object>) metadata.get("managedFields"))
        .add(Map.of("manager", manager, "operation", "Update", "time", time));
  }
}
