package dev.orrery.placement.compare;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/**
 * The same BindingPolicies and objects for both systems, covering namespace and object selectors,
 * object names, namespaces themselves, createOnly, a CustomTransform, template expansion with
 * cluster properties from labels and from a {@code customization-properties} ConfigMap, and the
 * built-in cleaning of Services and Jobs, and a template that cannot expand on two of the clusters
 * (property {@code zone} only on d2). Three agentless clusters {@code d1..d3}.
 */
final class DifferentialInputs {
  static final List<String> CLUSTERS = List.of("d1", "d2", "d3");

  private DifferentialInputs() {}

  static void itsObjects(KubernetesClient its) {
    apply(
        its,
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: customization-properties}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: d1}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: d2}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: d3}
        ---
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: d1, labels: {diff: "yes", region: east}}
        spec: {hubAcceptsClient: true}
        ---
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: d2, labels: {diff: "yes", region: west}, annotations: {zone: w-1}}
        spec: {hubAcceptsClient: true}
        ---
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: d3, labels: {diff: "yes", region: east, tier: gold}}
        spec: {hubAcceptsClient: true}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: d3, namespace: customization-properties}
        data: {region: east-override}
        """);
  }

  static void wdsObjects(KubernetesClient wds) {
    apply(
        wds,
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: diff-a, labels: {team: a}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: diff-b, labels: {team: b}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: diff-a, labels: {app: web}, annotations: {kubectl.kubernetes.io/last-applied-configuration: "{}"}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "registry.invalid/web:1"}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: diff-a, labels: {app: web}}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-headless, namespace: diff-a, labels: {app: web}}
        spec:
          clusterIP: None
          selector: {app: web}
          ports: [{port: 80}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: tmpl
          namespace: diff-a
          labels: {app: web}
          annotations: {control.kubestellar.io/expand-templates: "true"}
        data: {where: "{{.region}}", who: "{{.clusterName}}", plain: "no template"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: tmpl-zone
          namespace: diff-a
          labels: {app: zone}
          annotations: {control.kubestellar.io/expand-templates: "true"}
        data: {zone: "{{.zone}}"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: plain, namespace: diff-a}
        data: {k: v}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: once, namespace: diff-b, labels: {kind: seed}}
        data: {k: v}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: s, namespace: diff-b, labels: {kind: seed}}
        stringData: {password: p}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: job1, namespace: diff-a}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: j, image: "registry.invalid/job:1"}]
        ---
        apiVersion: control.kubestellar.io/v1alpha1
        kind: CustomTransform
        metadata: {name: drop-replicas}
        spec: {apiGroup: apps, resource: deployments, remove: ["$.spec.replicas"]}
        ---
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: diff-east}
        spec:
          clusterSelectors: [{matchLabels: {region: east}}]
          downsync: [{namespaces: [diff-a], objectSelectors: [{matchLabels: {app: web}}]}]
        ---
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: diff-zone}
        spec:
          clusterSelectors: [{matchLabels: {diff: "yes"}}]
          downsync: [{namespaces: [diff-a], objectSelectors: [{matchLabels: {app: zone}}]}]
        ---
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: diff-seeds}
        spec:
          clusterSelectors: [{matchLabels: {diff: "yes"}}]
          downsync: [{namespaceSelectors: [{matchLabels: {team: b}}], objectSelectors: [{matchLabels: {kind: seed}}], createOnly: true}]
        ---
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: diff-namespaces}
        spec:
          clusterSelectors: [{matchLabels: {tier: gold}}]
          downsync: [{resources: [namespaces], objectNames: [diff-a, diff-b]}]
        ---
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: diff-west}
        spec:
          clusterSelectors: [{matchExpressions: [{key: region, operator: In, values: [west]}]}]
          downsync:
          - {apiGroup: batch, resources: [jobs], namespaces: [diff-a]}
          - {resources: [configmaps], objectNames: [plain, tmpl], namespaces: [diff-a]}
        """);
  }

  private static void apply(KubernetesClient client, String yaml) {
    for (String doc : yaml.split("(?m)^---$")) {
      client
          .resource(Serialization.unmarshal(doc, GenericKubernetesResource.class))
          .fieldManager("benchmark")
          .forceConflicts()
          .serverSideApply();
    }
  }
}
