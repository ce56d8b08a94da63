package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.ObjectKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestWorkBuilderTest {

  private static final ShardItem CONFIG_MAP =
      new ShardItem(
          new ObjectKey("", "configmaps", "ns1", "cfg"),
          Yaml.map(
              "{apiVersion: v1, kind: ConfigMap, metadata: {name: cfg, namespace: ns1}, data: {a: b}}"),
          true);
  private static final ShardItem DEPLOYMENT =
      new ShardItem(
          new ObjectKey("apps", "deployments", "ns1", "web"),
          Yaml.map(
              "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: ns1}}"),
          false);
  private static final ShardItem CLUSTER_ROLE =
      new ShardItem(
          new ObjectKey("rbac.authorization.k8s.io", "clusterroles", "", "reader"),
          Yaml.map(
              "{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: reader}, rules: []}"),
          false);

  @Test
  void buildsTheManifestWorkExactly() {
    Shard shard =
        new Shard("my-policy-mw-01", "01", List.of(CONFIG_MAP, CLUSTER_ROLE, DEPLOYMENT), 0);
    Map<String, Object> work =
        new ManifestWorkBuilder("wds1").build("my-policy", 7, "cluster-a", shard);
    assertThat(work)
        .isEqualTo(
            Yaml.map(
                """
                apiVersion: work.open-cluster-management.io/v1
                kind: ManifestWork
                metadata:
                  name: my-policy-mw-01
                  namespace: cluster-a
                  labels:
                    transport.kubestellar.io/originOwnerReferenceBindingKey: my-policy
                    transport.kubestellar.io/originWdsName: wds1
                  annotations:
                    transport.kubestellar.io/originOwnerReferenceBindingGeneration: "7"
                spec:
                  workload:
                    manifests:
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: cfg, namespace: ns1}, data: {a: b}}
                    - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: reader}, rules: []}
                    - {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: ns1}}
                  manifestConfigs:
                  - resourceIdentifier: {group: "", resource: configmaps, namespace: ns1, name: cfg}
                    updateStrategy: {type: CreateOnly}
                  - resourceIdentifier: {group: rbac.authorization.k8s.io, resource: clusterroles, namespace: "", name: reader}
                    updateStrategy:
                      type: ServerSideApply
                      serverSideApply: {force: false, fieldManager: work-agent}
                  - resourceIdentifier: {group: apps, resource: deployments, namespace: ns1, name: web}
                    feedbackRules:
                    - type: JSONPaths
                      jsonPaths: [{name: status, path: .status}]
                    updateStrategy:
                      type: ServerSideApply
                      serverSideApply: {force: false, fieldManager: work-agent}
                """));
  }

  @Test
  void longNamesBecomeValidLabelValues() {
    String longBinding = "b".repeat(100);
    Map<String, String> labels = new ManifestWorkBuilder("wds1").labels(longBinding);
    String value = labels.get(ManifestWorkBuilder.BINDING_LABEL);
    assertThat(value)
        .hasSizeLessThanOrEqualTo(63)
        .startsWith("bbbb")
        .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    assertThat(value).isNotEqualTo(LabelValues.of("b".repeat(101)));
    assertThat(LabelValues.of("b".repeat(63))).isEqualTo("b".repeat(63));
    assertThat(LabelValues.of("---")).matches("[0-9a-f]{8}");
  }

  @Test
  void readerRecoversDeliveredManifestsByKey() {
    ManifestWorkBuilder builder = new ManifestWorkBuilder("wds1");
    Map<String, Object> first =
        builder.build("p", 1, "c1", new Shard("p-mw-0", "0", List.of(CONFIG_MAP), 0));
    Map<String, Object> second =
        builder.build("p", 1, "c1", new Shard("p-mw-1", "1", List.of(CLUSTER_ROLE), 0));
    Map<String, Object> tampered =
        Yaml.map(
            """
            spec:
              workload: {manifests: [{metadata: {name: other, namespace: ns1}}, "junk"]}
              manifestConfigs:
              - resourceIdentifier: {group: "", resource: configmaps, namespace: ns1, name: cfg2}
              - resourceIdentifier: {group: "", resource: configmaps, namespace: ns1, name: cfg3}
            """);
    assertThat(ManifestWorkReader.deliveredManifests(List.of(first, second, tampered)))
        .isEqualTo(
            Map.of(
                CONFIG_MAP.key(),
                CONFIG_MAP.manifest(),
                CLUSTER_ROLE.key(),
                CLUSTER_ROLE.manifest()));
  }

  @Test
  void manifestConfigSizeMatchesTheBuiltEntry() {
    for (ObjectKey key :
        List.of(
            new ObjectKey("", "configmaps", "ns", "a"),
            new ObjectKey("rbac.authorization.k8s.io", "roles", "ns", "r"),
            new ObjectKey("apps", "deployments", "", "web-\u00e9\u4e2d\"q\""),
            new ObjectKey("", "", "", ""))) {
      for (boolean createOnly : new boolean[] {false, true}) {
        assertThat(ManifestWorkBuilder.manifestConfigSize(key, createOnly))
            .as("%s createOnly=%s", key, createOnly)
            .isEqualTo(JsonSize.of(ManifestWorkBuilder.manifestConfig(key, createOnly)));
      }
    }
  }
}
