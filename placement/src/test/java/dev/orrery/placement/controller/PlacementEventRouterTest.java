package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.controller.ResourceType;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.Yaml;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.match.WorkloadObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which loop keys each informer event queues, with hand-written fakes for the caches and queues.
 */
class PlacementEventRouterTest {
  private static final ResourceType DEPLOYMENTS =
      new ResourceType("apps", "v1", "Deployment", "deployments", true);
  private static final ResourceType NAMESPACES =
      new ResourceType("", "v1", "Namespace", "namespaces", false);
  private static final ObjectKey WEB = new ObjectKey("apps", "deployments", "ns1", "web");
  private static final ObjectKey DB = new ObjectKey("apps", "deployments", "ns1", "db");

  /** The caches as routing reads them: policies and Bindings set by each test. */
  private static final class FakeSources implements PlacementEventRouter.Sources {
    final List<ParsedPolicy> policies = new ArrayList<>();
    final Map<String, BindingContent> bindings = new LinkedHashMap<>();

    FakeSources policy(String name, String specYaml) {
      policies.add(ParsedPolicy.of(name, "1", Yaml.map(specYaml)));
      return this;
    }

    FakeSources binding(String name, String specYaml) {
      bindings.put(name, BindingSpecReader.read(Yaml.map(specYaml)));
      return this;
    }

    @Override
    public List<ParsedPolicy> parsedPolicies() {
      return policies;
    }

    @Override
    public Map<String, BindingContent> bindingsByName() {
      return bindings;
    }

    @Override
    public BindingContent content(GenericKubernetesResource binding) {
      return BindingSpecReader.read(
          Unstructured.asMap(binding.getAdditionalProperties().get("spec")));
    }

    @Override
    public WorkloadObject workloadObject(ResourceType type, GenericKubernetesResource object) {
      return WorkloadObject.of(
          type.group(), type.version(), type.plural(), Unstructureds.toMap(object), Map.of());
    }
  }

  /** The work queues: every key routed, in order, as {@code queue:key}. */
  private static final class RecordingQueues implements PlacementEventRouter.Queues {
    final List<String> routed = new ArrayList<>();

    @Override
    public void policy(String name) {
      routed.add("policy:" + name);
    }

    @Override
    public void binding(String name) {
      routed.add("binding:" + name);
    }

    @Override
    public void object(ObjectKey key) {
      routed.add("object:" + key);
    }

    @Override
    public void decisions(String policy) {
      routed.add("decisions:" + policy);
    }
  }

  private final FakeSources sources =
      new FakeSources()
          .policy(
              "web-to-edge",
              """
          clusterSelectors: [{matchLabels: {location-group: edge}}]
          downsync: [{objectSelectors: [{matchLabels: {app: web}}]}]
          """)
          .policy(
              "db-to-core",
              """
          clusterSelectors: [{matchLabels: {location-group: core}}]
          downsync: [{objectSelectors: [{matchLabels: {app: db}}]}]
          """)
          .policy(
              "invalid",
              """
          downsync: [{}]
          """)
          .binding(
              "web-to-edge",
              """
          workload:
            namespaceScope:
            - {group: apps, version: v1, resource: deployments, namespace: ns1, name: web, resourceVersion: "7"}
          destinations: [{clusterId: cluster1}, {clusterId: cluster2}]
          """)
          .binding(
              "db-to-core",
              """
          workload:
            namespaceScope:
            - {group: apps, version: v1, resource: deployments, namespace: ns1, name: db, resourceVersion: "3",
               statusCollectors: [replicas]}
          destinations: [{clusterId: cluster3}]
          """);
  private final RecordingQueues queues = new RecordingQueues();
  private final PlacementEventRouter router = new PlacementEventRouter(sources, queues);

  private static GenericKubernetesResource resource(String yaml) {
    return Unstructureds.fromMap(Yaml.map(yaml));
  }

  private static GenericKubernetesResource deployment(
      String name, String app, String resourceVersion, String replicas) {
    return resource(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: ns1, resourceVersion: "%s", labels: {app: %s}}
        spec: {replicas: 1}
        status: {replicas: %s}
        """
            .formatted(name, resourceVersion, app, replicas));
  }

  private static GenericKubernetesResource cluster(
      String name, String resourceVersion, String labels, String lease) {
    return resource(
        """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: %s, resourceVersion: "%s", labels: %s}
        status: {conditions: [{type: ManagedClusterConditionAvailable, status: "True", lastTransitionTime: "%s"}]}
        """
            .formatted(name, resourceVersion, labels, lease));
  }

  private static GenericKubernetesResource binding(
      String name, long generation, String resourceVersion, String spec) {
    return resource(
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: Binding
        metadata: {name: %s, generation: %d, resourceVersion: "%s"}
        spec: %s
        """
            .formatted(name, generation, resourceVersion, spec));
  }

  private static GenericKubernetesResource work(long generation, String resourceVersion) {
    return resource(
        """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: web-to-edge-0, namespace: cluster1, generation: %d, resourceVersion: "%s",
                   labels: {%s: web-to-edge}}
        """
            .formatted(generation, resourceVersion, Apis.BINDING_KEY_LABEL));
  }

  @Test
  void aPolicyChangeQueuesItsMatchAndItsPlacementDecisions() {
    router.onPolicy(
        null,
        resource(
            "{apiVersion: control.kubestellar.io/v1alpha1, kind: BindingPolicy, metadata: {name: p}}"));
    assertThat(queues.routed).containsExactly("policy:p", "decisions:p");
  }

  @Test
  void aDeletedPolicyAlsoQueuesItsBindingsTransportToLetGoOfWhatItHeld() {
    router.onPolicy(
        resource(
            "{apiVersion: control.kubestellar.io/v1alpha1, kind: BindingPolicy, metadata: {name: p}}"),
        null);
    assertThat(queues.routed).containsExactly("policy:p", "decisions:p", "binding:p");
  }

  @Test
  void anObjectQueuesOnlyThePoliciesMatchingItBeforeOrAfter() {
    router.onObject(DEPLOYMENTS, null, deployment("web", "web", "1", "0"));
    assertThat(queues.routed).containsExactly("policy:web-to-edge");

    queues.routed.clear();
    router.onObject(
        DEPLOYMENTS, deployment("web", "web", "1", "0"), deployment("web", "db", "2", "0"));
    assertThat(queues.routed)
        .as("relabelled from one policy's objects to another's")
        .containsExactly("policy:web-to-edge", "policy:db-to-core");

    queues.routed.clear();
    router.onObject(DEPLOYMENTS, deployment("other", "other", "1", "0"), null);
    assertThat(queues.routed).as("an object no policy selects").isEmpty();
  }

  @Test
  void aStatusOnlyChangeOfAnObjectQueuesNothing() {
    router.onObject(
        DEPLOYMENTS, deployment("web", "web", "1", "0"), deployment("web", "web", "2", "1"));
    assertThat(queues.routed).isEmpty();
  }

  @Test
  void aNamespaceRelabelQueuesEveryPolicyEvenAnInvalidOne() {
    router.onObject(
        NAMESPACES,
        resource(
            "{apiVersion: v1, kind: Namespace, metadata: {name: ns1, resourceVersion: '1', labels: {a: b}}}"),
        resource(
            "{apiVersion: v1, kind: Namespace, metadata: {name: ns1, resourceVersion: '2', labels: {a: c}}}"));
    assertThat(queues.routed)
        .containsExactly("policy:web-to-edge", "policy:db-to-core", "policy:invalid");
  }

  @Test
  void aBindingStatusChangeQueuesOnlyItsPolicy() {
    String spec = "{destinations: [{clusterId: cluster1}]}";
    router.onBinding(binding("web-to-edge", 1, "1", spec), binding("web-to-edge", 1, "2", spec));
    assertThat(queues.routed).containsExactly("policy:web-to-edge");
  }

  @Test
  void aBindingSpecChangeQueuesTransportDecisionsAndTheStatusOfObjectsBeforeAndAfter() {
    String before =
        "{workload: {namespaceScope: [{group: apps, version: v1, resource: deployments, namespace: ns1, name: web}]}}";
    String after =
        "{workload: {namespaceScope: [{group: apps, version: v1, resource: deployments, namespace: ns1, name: db}]}}";
    router.onBinding(binding("web-to-edge", 1, "1", before), binding("web-to-edge", 2, "2", after));
    assertThat(queues.routed)
        .startsWith("policy:web-to-edge", "binding:web-to-edge", "decisions:web-to-edge")
        .containsOnlyOnce("object:" + WEB, "object:" + DB)
        .hasSize(5);
  }

  /** A Binding spec with {@code web} at {@code webVersion} and {@code db}, to {@code clusters}. */
  private static String webAndDb(String webVersion, String clusters) {
    return ("{workload: {namespaceScope: ["
            + "{group: apps, version: v1, resource: deployments, namespace: ns1, name: web, resourceVersion: '%s'},"
            + " {group: apps, version: v1, resource: deployments, namespace: ns1, name: db, resourceVersion: '7'}]},"
            + " destinations: [%s]}")
        .formatted(webVersion, clusters);
  }

  @Test
  void oneObjectsNewVersionQueuesOnlyThatObjectsStatus() {
    router.onBinding(
        binding("web-to-edge", 1, "1", webAndDb("5", "{clusterId: cluster1}")),
        binding("web-to-edge", 2, "2", webAndDb("6", "{clusterId: cluster1}")));
    assertThat(queues.routed)
        .containsExactly(
            "policy:web-to-edge", "binding:web-to-edge", "decisions:web-to-edge", "object:" + WEB);
  }

  @Test
  void newDestinationsQueueTheStatusOfEveryObject() {
    router.onBinding(
        binding("web-to-edge", 1, "1", webAndDb("5", "{clusterId: cluster1}")),
        binding("web-to-edge", 2, "2", webAndDb("5", "{clusterId: cluster1}, {clusterId: c2}")));
    assertThat(queues.routed).contains("object:" + WEB, "object:" + DB).hasSize(5);
  }

  @Test
  void aClusterLeaseRenewalQueuesNothing() {
    router.onCluster(
        cluster("cluster1", "1", "{location-group: edge}", "2026-01-01T00:00:00Z"),
        cluster("cluster1", "2", "{location-group: edge}", "2026-01-01T00:01:00Z"));
    assertThat(queues.routed).isEmpty();
  }

  @Test
  void aClusterRelabelQueuesThePoliciesWhoseSelectionFlipsAndTheBindingsPlacingOntoIt() {
    router.onCluster(
        cluster("cluster1", "1", "{location-group: edge}", "2026-01-01T00:00:00Z"),
        cluster("cluster1", "2", "{location-group: core}", "2026-01-01T00:00:00Z"));
    assertThat(queues.routed)
        .containsExactly("policy:web-to-edge", "policy:db-to-core", "binding:web-to-edge");

    queues.routed.clear();
    router.onCluster(
        null, cluster("cluster9", "1", "{location-group: core}", "2026-01-01T00:00:00Z"));
    assertThat(queues.routed)
        .as("a new cluster: only the policy selecting it")
        .containsExactly("policy:db-to-core");
  }

  @Test
  void aManifestWorkQueuesItsBindingUnlessOnlyItsStatusChanged() {
    router.onWork(work(1, "1"), work(1, "2"));
    assertThat(queues.routed).isEmpty();
    router.onWork(work(1, "2"), work(2, "3"));
    router.onWork(work(2, "3"), null);
    assertThat(queues.routed).containsExactly("binding:web-to-edge", "binding:web-to-edge");
  }

  @Test
  void aManifestWorkNowAppliedAtItsSpecQueuesItsBindingOnce() {
    GenericKubernetesResource applied = work(2, "4");
    applied.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(Map.of("type", "Applied", "status", "True", "observedGeneration", 2))));
    router.onWork(work(2, "3"), applied);
    assertThat(queues.routed).containsExactly("binding:web-to-edge");

    queues.routed.clear();
    router.onWork(applied, applied);
    assertThat(queues.routed).as("still applied: nothing new").isEmpty();
  }

  @Test
  void aStatusCollectorChangeQueuesEveryPolicyAndTheObjectsCollectedFrom() {
    router.onCollector();
    assertThat(queues.routed)
        .containsExactly(
            "policy:web-to-edge", "policy:db-to-core", "policy:invalid", "object:" + DB);
  }

  @Test
  void aCustomTransformChangeQueuesEveryBinding() {
    router.onTransform();
    assertThat(queues.routed).containsExactly("binding:web-to-edge", "binding:db-to-core");
  }
}
