package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestWorkPlanTest {

  private static final ManifestWorkBuilder BUILDER = new ManifestWorkBuilder("wds1");

  private static Map<String, Object> work(String name, String data) {
    ShardItem item =
        new ShardItem(
            new ObjectKey("", "configmaps", "ns", name),
            Yaml.map(
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: "
                    + name
                    + ", namespace: ns}, data: {k: "
                    + data
                    + "}}"),
            false);
    return BUILDER.build("p", 3, "c1", new Shard(name, "", List.of(item), 0));
  }

  /**
   * The stored copy as the API server returns it: extra server fields, other labels, numbers as
   * Long.
   */
  private static Map<String, Object> stored(Map<String, Object> work) {
    Map<String, Object> copy = Unstructured.deepCopyMap(work);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) copy.get("metadata");
    metadata.put("resourceVersion", "99");
    metadata.put("uid", "u");
    @SuppressWarnings("unchecked")
    Map<String, Object> labels = (Map<String, Object>) metadata.get("labels");
    labels.put("someone-else", "x");
    copy.put("status", Map.of("conditions", List.of()));
    return copy;
  }

  @Test
  @SuppressWarnings("unchecked")
  void plansCreatesUpdatesDeletesAndNothingForUnchanged() {
    Map<String, Object> same = work("same", "v1");
    Map<String, Object> changed = work("changed", "v2");
    Map<String, Object> fresh = work("fresh", "v1");
    Map<String, Object> relabelled = work("relabelled", "v1");
    Map<String, Object> staleLabels = stored(relabelled);
    ((Map<String, Object>) staleLabels.get("metadata"))
        .put("labels", Map.of(ManifestWorkBuilder.BINDING_LABEL, "p"));
    Map<String, Object> olderGeneration = stored(same);
    ((Map<String, Object>) olderGeneration.get("metadata"))
        .put("annotations", Map.of(ManifestWorkBuilder.GENERATION_ANNOTATION, "2"));

    ManifestWorkPlan plan =
        ManifestWorkPlan.of(
            List.of(same, changed, fresh, relabelled),
            Map.of(
                "same",
                olderGeneration,
                "changed",
                stored(work("changed", "v1")),
                "relabelled",
                staleLabels,
                "gone",
                stored(work("gone", "v1"))));
    assertThat(plan.create()).containsExactly(fresh);
    assertThat(plan.update()).containsExactly(changed, relabelled);
    assertThat(plan.delete()).containsExactly("gone");
    assertThat(plan.unchanged()).containsExactly("same");
    assertThat(plan.hasWrites()).isTrue();
  }

  @Test
  void secondRunWritesNothing() {
    List<Map<String, Object>> desired = List.of(work("a", "1"), work("b", "2"));
    ManifestWorkPlan plan =
        ManifestWorkPlan.of(
            desired, Map.of("a", stored(desired.get(0)), "b", stored(desired.get(1))));
    assertThat(plan.hasWrites()).isFalse();
    assertThat(plan.unchanged()).containsExactly("a", "b");
  }

  @Test
  @SuppressWarnings("unchecked")
  void fieldsRemovedFromAManifestOrAConfigAreWritten() {
    Map<String, Object> desired = work("a", "1");
    Map<String, Object> extraManifestField = stored(desired);
    Map<String, Object> manifest =
        (Map<String, Object>)
            ((List<Object>)
                    Unstructured.value(extraManifestField, "spec", "workload", "manifests")
                        .orElseThrow())
                .get(0);
    ((Map<String, Object>) manifest.get("data")).put("old", "x");
    assertThat(ManifestWorkPlan.of(List.of(desired), Map.of("a", extraManifestField)).update())
        .containsExactly(desired);

    Map<String, Object> createOnlyBefore = stored(desired);
    Map<String, Object> config =
        (Map<String, Object>)
            ((List<Object>)
                    Unstructured.value(createOnlyBefore, "spec", "manifestConfigs").orElseThrow())
                .get(0);
    config.put("updateStrategy", Map.of("type", "CreateOnly"));
    assertThat(ManifestWorkPlan.of(List.of(desired), Map.of("a", createOnlyBefore)).update())
        .containsExactly(desired);
  }

  @Test
  void emptyDesiredDeletesEverything() {
    ManifestWorkPlan plan =
        ManifestWorkPlan.of(List.of(), Map.of("b", work("b", "1"), "a", work("a", "1")));
    assertThat(plan.delete()).containsExactly("a", "b");
  }
}
