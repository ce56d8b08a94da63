package dev.orrery.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnstructuredsTest {
  private static final GenericKubernetesResource WORK =
      Serialization.unmarshal(
          """
      apiVersion: work.open-cluster-management.io/v1
      kind: ManifestWork
      metadata:
        name: p-mw
        namespace: c1
        labels: {a: b}
        generation: 3
      spec:
        workload:
          manifests:
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: ns}, data: {n: "1"}}
      status:
        conditions: [{type: Applied, status: "True"}]
      """,
          GenericKubernetesResource.class);

  @Test
  void aViewReadsLikeAFullConversionAndSharesTheBody() {
    Map<String, Object> view = Unstructureds.view(WORK);
    assertThat(view).isEqualTo(Unstructureds.toMap(WORK));
    assertThat(view.get("spec")).isSameAs(WORK.getAdditionalProperties().get("spec"));
  }

  @Test
  void aResourceBuiltFromAMapEqualsAFullConversion() {
    Map<String, Object> map = Unstructureds.toMap(WORK);
    GenericKubernetesResource built = Unstructureds.resource(map);
    assertThat(built).isEqualTo(Unstructureds.fromMap(map));
    assertThat(Serialization.asJson(built)).isEqualTo(Serialization.asJson(WORK));
  }
}
