package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.Unstructured;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectCleanerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "server-populated metadata, last-applied and status are stripped; labels and annotations stay",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: ns1
              labels: {app: web}
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: '{"x":1}'
                team: blue
              managedFields: [{manager: kubectl}]
              finalizers: [x/y]
              generation: 4
              ownerReferences: [{kind: X, name: y}]
              selfLink: /apis/apps/v1/x
              resourceVersion: "77"
              uid: 1234
              generateName: web-
              creationTimestamp: "2025-01-01T00:00:00Z"
            spec: {replicas: 2, selector: {matchLabels: {app: web}}}
            status: {readyReplicas: 2}
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: ns1
              labels: {app: web}
              annotations: {team: blue}
              creationTimestamp: "2025-01-01T00:00:00Z"
            spec: {replicas: 2, selector: {matchLabels: {app: web}}}
            """),
        Arguments.of(
            "annotations holding only last-applied disappear",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c, annotations: {kubectl.kubernetes.io/last-applied-configuration: x}}
            data: {status: kept}
            """,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            data: {status: kept}
            """),
        Arguments.of(
            "ClusterIP Service: cluster-specific fields dropped, nodePorts removed",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s, namespace: ns1}
            spec:
              type: NodePort
              clusterIP: 10.0.0.7
              clusterIPs: [10.0.0.7, fd00::7]
              ipFamilies: [IPv4, IPv6]
              ipFamilyPolicy: PreferDualStack
              externalTrafficPolicy: Cluster
              internalTrafficPolicy: Cluster
              sessionAffinity: None
              selector: {app: web}
              ports:
              - {name: http, port: 80, targetPort: 8080, nodePort: 30080, protocol: TCP}
              - {name: https, port: 443}
            status: {loadBalancer: {}}
            """,
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s, namespace: ns1}
            spec:
              type: NodePort
              selector: {app: web}
              ports:
              - {name: http, port: 80, targetPort: 8080, protocol: TCP}
              - {name: https, port: 443}
            """),
        Arguments.of(
            "headless Service keeps clusterIP None and None clusterIPs",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec: {clusterIP: None, clusterIPs: [None], ports: [{port: 80}]}
            """,
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec: {clusterIP: None, clusterIPs: [None], ports: [{port: 80}]}
            """),
        Arguments.of(
            "preserve: nodeport keeps nodePorts (other fields still dropped)",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s, annotations: {control.kubestellar.io/preserve: nodeport}}
            spec: {type: NodePort, clusterIP: 10.0.0.1, ports: [{port: 80, nodePort: 30080}]}
            """,
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s, annotations: {control.kubestellar.io/preserve: nodeport}}
            spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}
            """),
        Arguments.of(
            "another preserve value does not keep nodePorts",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s, annotations: {control.kubestellar.io/preserve: other}}
            spec: {ports: [{port: 80, nodePort: 30080}]}
            """,
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s, annotations: {control.kubestellar.io/preserve: other}}
            spec: {ports: [{port: 80}]}
            """),
        Arguments.of(
            "a non-core kind named Service is not cleaned as a Service",
            """
            apiVersion: example.com/v1
            kind: Service
            metadata: {name: s}
            spec: {clusterIP: 1.2.3.4, sessionAffinity: x}
            """,
            """
            apiVersion: example.com/v1
            kind: Service
            metadata: {name: s}
            spec: {clusterIP: 1.2.3.4, sessionAffinity: x}
            """),
        Arguments.of(
            "Job: selector, suspend, tracking annotation and controller-uid labels dropped",
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: j
              namespace: ns1
              annotations: {batch.kubernetes.io/job-tracking: "", owner: me}
              labels: {controller-uid: u1, batch.kubernetes.io/controller-uid: u1, job-name: j, app: x}
            spec:
              suspend: false
              backoffLimit: 2
              selector: {matchLabels: {batch.kubernetes.io/controller-uid: u1}}
              template:
                metadata:
                  labels: {controller-uid: u1, batch.kubernetes.io/controller-uid: u1, job-name: j}
                spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
            status: {succeeded: 1}
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: j
              namespace: ns1
              annotations: {owner: me}
              labels: {job-name: j, app: x}
            spec:
              backoffLimit: 2
              template:
                metadata:
                  labels: {job-name: j}
                spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
            """),
        Arguments.of(
            "Job whose labels were only controller-uid loses the labels map",
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j, labels: {controller-uid: u1}}
            spec: {template: {metadata: {labels: {batch.kubernetes.io/controller-uid: u1}}, spec: {}}}
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j}
            spec: {template: {metadata: {}, spec: {}}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cleansExactlyAndNeverMutatesTheInput(String rule, String input, String expected) {
    Map<String, Object> object = Yaml.map(input);
    Map<String, Object> before = Unstructured.deepCopyMap(object);
    assertThat(ObjectCleaner.clean(object)).isEqualTo(Yaml.map(expected));
    assertThat(object).isEqualTo(before);
  }
}
