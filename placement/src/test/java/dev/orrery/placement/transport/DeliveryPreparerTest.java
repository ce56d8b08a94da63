package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.ObjectKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryPreparerTest {

  private static final ClusterProperties PROPS =
      new ClusterProperties("c1", Map.of("url", "https://c1"), Map.of(), Map.of());
  private static final ObjectKey GOOD = new ObjectKey("", "configmaps", "ns", "good");
  private static final ObjectKey BAD = new ObjectKey("", "configmaps", "ns", "bad");
  private static final ObjectKey NEW_BAD = new ObjectKey("", "configmaps", "ns", "new-bad");

  private static DeliveryObject object(ObjectKey key, String value, boolean createOnly) {
    return new DeliveryObject(
        key,
        Yaml.map(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: %s
              namespace: ns
              resourceVersion: "5"
              labels: {drop-me: x, keep: y}
              annotations: {control.kubestellar.io/expand-templates: "true"}
            data: {v: "%s"}
            """
                .formatted(key.name(), value)),
        createOnly);
  }

  @Test
  void cleansTransformsExpandsAndKeepsThePreviousVersionOnExpansionErrors() {
    CustomTransform dropLabel =
        CustomTransform.parse(
            "t",
            Yaml.map(
                "{apiGroup: '', resource: configmaps, remove: ['$.metadata.labels[\"drop-me\"]']}"));
    Map<String, Object> previousBad =
        Yaml.map(
            "{apiVersion: v1, kind: ConfigMap, metadata: {name: bad, namespace: ns}, data: {v: old}}");

    PreparedDelivery prepared =
        DeliveryPreparer.prepare(
            List.of(
                object(NEW_BAD, "{{.nope}}", false),
                object(GOOD, "{{.url}}/x", true),
                object(BAD, "{{.missing}}", false)),
            List.of(dropLabel),
            PROPS,
            Map.of(BAD, previousBad));

    assertThat(prepared.items())
        .containsExactly(
            new ShardItem(BAD, previousBad, false),
            new ShardItem(
                GOOD,
                Yaml.map(
                    """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: good
                      namespace: ns
                      labels: {keep: y}
                      annotations: {control.kubestellar.io/expand-templates: "true"}
                    data: {v: "https://c1/x"}
                    """),
                true));
    assertThat(prepared.errors())
        .extracting(TemplateError::object, TemplateError::key)
        .containsExactly(
            tuple("ConfigMap ns/bad", "missing"), tuple("ConfigMap ns/new-bad", "nope"));
  }

  @Test
  void cleansOnceAndSharesObjectsWithoutTemplatesBetweenClusters() {
    ObjectKey key = new ObjectKey("", "configmaps", "ns", "plain");
    DeliveryObject plain =
        new DeliveryObject(
            key,
            Yaml.map(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: plain, namespace: ns, resourceVersion: "5", labels: {drop-me: x}}
                data: {v: "{{.url}}"}
                """),
            false);
    CustomTransform dropLabel =
        CustomTransform.parse(
            "t",
            Yaml.map(
                "{apiGroup: '', resource: configmaps, remove: ['$.metadata.labels[\"drop-me\"]']}"));

    List<CleanedObject> cleaned = DeliveryPreparer.clean(List.of(plain), List.of(dropLabel));

    assertThat(cleaned)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.expandsTemplates()).isFalse();
              assertThat(c.object())
                  .isEqualTo(
                      Yaml.map(
                          """
                          apiVersion: v1
                          kind: ConfigMap
                          metadata: {name: plain, namespace: ns, labels: {}}
                          data: {v: "{{.url}}"}
                          """));
            });
    assertThat(plain.object().get("metadata"))
        .as("input untouched")
        .isEqualTo(
            Yaml.map("{name: plain, namespace: ns, resourceVersion: '5', labels: {drop-me: x}}"));
    PreparedDelivery c1 = DeliveryPreparer.forCluster(cleaned, PROPS, Map.of());
    PreparedDelivery c2 =
        DeliveryPreparer.forCluster(
            cleaned, new ClusterProperties("c2", Map.of(), Map.of(), Map.of()), Map.of());
    assertThat(c1.items().get(0).manifest()).isSameAs(c2.items().get(0).manifest());
    assertThat(c1.errors()).isEmpty();
  }
}
