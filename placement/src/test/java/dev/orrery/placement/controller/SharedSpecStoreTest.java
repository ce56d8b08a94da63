package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class SharedSpecStoreTest {
  private final SharedSpecStore store = new SharedSpecStore();

  private static GenericKubernetesResource work(String cluster, String name, String value) {
    return Serialization.unmarshal(
        """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata:
          name: %s
          namespace: %s
          generation: 1
          labels: {a: b}
          managedFields:
          - manager: work-agent
            operation: Apply
            time: "2026-01-01T00:00:00Z"
            fieldsType: FieldsV1
            fieldsV1: {"f:spec": {"f:workload": {}}}
        spec:
          workload:
            manifests:
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: y}, data: {v: "%s"}}
        status:
          conditions: [{type: Applied, status: "True", observedGeneration: 1}]
          resourceStatus:
            manifests:
            - resourceMeta: {ordinal: 0, group: "", version: v1, kind: ConfigMap, resource: configmaps, name: x, namespace: y}
              conditions: [{type: Applied, status: "True", reason: AppliedManifestComplete, lastTransitionTime: "2026-01-01T00:00:00Z"}]
              statusFeedback:
                values: [{name: status, fieldValue: {type: JsonRaw, jsonRaw: '{"cluster":"%s"}'}}]
        """
            .formatted(name, cluster, value, cluster),
        GenericKubernetesResource.class);
  }

  private void put(GenericKubernetesResource w) {
    store.put(store.getKey(w), w);
  }

  @Test
  void identicalSpecsInDifferentMailboxesAreHeldOnce() {
    put(work("c1", "w", "1"));
    put(work("c2", "w", "1"));

    assertThat(store.get("c1/w").getAdditionalProperties().get("spec"))
        .isSameAs(store.get("c2/w").getAdditionalProperties().get("spec"));
    assertThat(store.distinctSpecs()).isEqualTo(1);
  }

  @Test
  void readersStillSeeEveryFieldTheItsReturned() {
    GenericKubernetesResource original = work("c1", "w", "1");
    put(work("c1", "w", "1"));

    GenericKubernetesResource stored = store.get("c1/w");
    assertThat(stored.getAdditionalProperties()).isEqualTo(original.getAdditionalProperties());
    assertThat(stored.getMetadata().getLabels()).containsEntry("a", "b");
    assertThat(stored.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getManager()).isEqualTo("work-agent");
              assertThat(e.getTime()).isEqualTo("2026-01-01T00:00:00Z");
              assertThat(e.getFieldsV1()).isNull();
            });
  }

  @Test
  void aSpecIsForgottenOnceNoStoredItemHoldsIt() {
    put(work("c1", "w", "1"));
    put(work("c2", "w", "1"));
    put(work("c1", "w", "2"));
    assertThat(store.distinctSpecs()).isEqualTo(2);

    assertThat(store.remove("c2/w")).isNotNull();
    assertThat(store.distinctSpecs()).isEqualTo(1);
    assertThat(store.remove("c1/w")).isNotNull();
    assertThat(store.distinctSpecs()).isZero();
    assertThat(store.size()).isZero();
  }

  @Test
  void putReturnsThePreviousVersionForTheUpdateEvent() {
    put(work("c1", "w", "1"));
    GenericKubernetesResource previous = store.put("c1/w", work("c1", "w", "2"));

    assertThat(Serialization.asJson(previous)).contains("\"v\":\"1\"");
    assertThat(store.keySet()).containsExactly("c1/w");
    assertThat(store.values()).hasSize(1);
  }

  @Test
  void returnedStatusIsSharedByContentAndStaysWhatTheAgentWrote() {
    GenericKubernetesResource original = work("c1", "w", "1");
    put(work("c1", "w", "1"));
    put(work("c2", "w", "1"));

    Object c1 = store.get("c1/w").getAdditionalProperties().get("status");
    Object c2 = store.get("c2/w").getAdditionalProperties().get("status");
    assertThat(c1).isEqualTo(original.getAdditionalProperties().get("status"));
    assertThat(Serialization.asJson(c1))
        .isEqualTo(Serialization.asJson(original.getAdditionalProperties().get("status")));
    assertThat(manifest(c1).get("resourceMeta"))
        .as("the same object's resourceMeta on two clusters")
        .isSameAs(manifest(c2).get("resourceMeta"));
    assertThat(manifest(c1).get("conditions")).isSameAs(manifest(c2).get("conditions"));
    assertThat(manifest(c1).get("statusFeedback"))
        .as("each cluster's returned status is its own")
        .isNotEqualTo(manifest(c2).get("statusFeedback"));
  }

  @Test
  void storedStatusCannotBeChangedByAReader() {
    put(work("c1", "w", "1"));
    java.util.Map<String, Object> meta =
        dev.orrery.placement.match.Unstructured.asMap(
            manifest(store.get("c1/w").getAdditionalProperties().get("status"))
                .get("resourceMeta"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> meta.put("name", "other"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static java.util.Map<String, Object> manifest(Object status) {
    Object manifests =
        dev.orrery.placement.match.Unstructured.asMap(
                dev.orrery.placement.match.Unstructured.asMap(status).get("resourceStatus"))
            .get("manifests");
    return dev.orrery.placement.match.Unstructured.asMap(((java.util.List<?>) manifests).get(0));
  }
}
