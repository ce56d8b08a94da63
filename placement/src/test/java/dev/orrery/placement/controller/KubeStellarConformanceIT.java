package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.placement.match.Unstructured;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KubeStellar's own end-to-end scenarios (v0.30.0, {@code test/e2e/ginkgo}), replayed against
 * Orrery on real spaces: a WDS, an ITS and two WECs with OCM work agents, labelled as upstream
 * labels them. Like upstream's suite, every test starts from the same state (its {@code
 * BeforeEach}): namespace {@code nginx} (labelled {@code app.kubernetes.io/name=nginx}), Deployment
 * {@code nginx} and BindingPolicy {@code nginx} selecting {@code location-group=edge}, everything
 * else removed; so tests do not depend on each other or on their order. Orrery's opt-in additions
 * are tested at the end, off and then on.
 *
 * <p>One difference from upstream's harness, for time only: policy {@value #NAMESPACE_POLICY} keeps
 * namespace {@code nginx} on both WECs for the whole class. Without it every test would wait for
 * the WECs' namespace controllers to finish deleting the namespace (about 50 s each with kwok's
 * pods, whose graceful deletion the namespace controller waits out) before the next one could
 * start.
 */
// Pre-created ManagedClusters for now: with OCM registration, one run (load average 60-80) saw
// both work agents stop processing ManifestWorks two minutes in while their registration agents
// kept renewing leases; 13 of 23 scenarios then timed out. Not yet understood; see the report of
// branch reg19.
@WithSpaces(
    registration = false,
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"location-group=edge", "name=cluster1", "region=east"}),
      @WithSpaces.Wec(
          name = "cluster2",
          labels = {"location-group=edge", "name=cluster2", "region=west"})
    })
class KubeStellarConformanceIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String NS = "nginx";
  static final String NAMESPACE_POLICY = "conformance-namespace";
  static LocalSpaces spaces;
  static KubernetesClient wds;
  static KubernetesClient its;
  static PlacementService placement;

  @BeforeAll
  static void start(LocalSpaces s) {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    placement = new PlacementService(wds, its, PlacementService.Settings.defaults("wds1"));
    placement.start();
    apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: nginx, labels: {app.kubernetes.io/name: nginx}}
        """);
    apply(
        policy(
            NAMESPACE_POLICY,
            "{matchLabels: {location-group: edge}}",
            """
        - resources: [namespaces]
          objectNames: [nginx]"""));
  }

  @AfterAll
  static void stop() {
    if (placement != null) {
      placement.close();
    }
  }

  /** Upstream's BeforeEach: CleanupWDS, then Deployment nginx and BindingPolicy nginx. */
  @BeforeEach
  void baseline() {
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).list().getItems().stream()
        .filter(p -> !NAMESPACE_POLICY.equals(p.getMetadata().getName()))
        .forEach(p -> wds.genericKubernetesResources(Apis.BINDING_POLICIES).resource(p).delete());
    for (var type : List.of(Apis.CUSTOM_TRANSFORMS, Apis.STATUS_COLLECTORS)) {
      wds.genericKubernetesResources(type).delete();
    }
    wds.apps().deployments().inNamespace(NS).delete();
    wds.batch().v1().jobs().inNamespace(NS).delete();
    wds.services().inNamespace(NS).delete();
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(wds.genericKubernetesResources(Apis.BINDINGS).list().getItems())
                  .extracting(b -> b.getMetadata().getName())
                  .containsExactly(NAMESPACE_POLICY);
              assertThat(wds.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
              assertThat(combinedStatuses()).as("no CombinedStatus outlives its policy").isEmpty();
              for (String wec : List.of("cluster1", "cluster2")) {
                Namespace ns = wec(wec).namespaces().withName(NS).get();
                assertThat(ns != null && ns.getMetadata().getDeletionTimestamp() == null)
                    .as("namespace nginx on %s", wec)
                    .isTrue();
                assertThat(wec(wec).apps().deployments().inNamespace(NS).list().getItems())
                    .isEmpty();
                assertThat(wec(wec).services().inNamespace(NS).list().getItems()).isEmpty();
                assertThat(wec(wec).batch().v1().jobs().inNamespace(NS).list().getItems())
                    .isEmpty();
              }
            });
    createDeployment(
        "nginx",
        Map.of("app.kubernetes.io/name", "nginx", "test.kubestellar.io/test-label", "here"));
    apply(
        policy(
            "nginx",
            "{matchLabels: {location-group: edge}}",
            "- objectSelectors: [{matchLabels: {app.kubernetes.io/name: nginx}}]"));
    for (String wec : List.of("cluster1", "cluster2")) {
      expectDeployments(wec, 1);
      expectOwnedByTheWorkAgent(wec, "deployments", "nginx");
    }
  }

  // ---- multiple WECs

  @Test
  void propagatesTheDeploymentWhileApplyingACustomTransform() {
    apply(
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: CustomTransform
        metadata: {name: test}
        spec:
          apiGroup: apps
          resource: deployments
          remove: ['$.metadata.labels["test.kubestellar.io/test-label"]']
        """);
    for (String wec : List.of("cluster1", "cluster2")) {
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(
                          wec(wec)
                              .apps()
                              .deployments()
                              .inNamespace(NS)
                              .withName("nginx")
                              .get()
                              .getMetadata()
                              .getLabels())
                      .containsEntry("app.kubernetes.io/name", "nginx")
                      .doesNotContainKey("test.kubestellar.io/test-label"));
    }
  }

  @Test
  void updatesObjectsOnTheWecsFollowingAnUpdateOnTheWds() {
    mergePatchDeployment("nginx", "{\"spec\":{\"replicas\": 2}}");
    expectReplicas("cluster1", "nginx", 2);
    expectReplicas("cluster2", "nginx", 2);
  }

  @Test
  void supportsCreateOnlyMode() {
    deletePolicy("nginx");
    expectDeployments("cluster1", 0);
    expectDeployments("cluster2", 0);
    apply(
        policy(
            "nginx",
            "{matchLabels: {location-group: edge}}",
            """
        - resources: [namespaces]
          objectSelectors: [{matchLabels: {app.kubernetes.io/name: nginx}}]
        - resources: [deployments]
          objectSelectors: [{matchLabels: {app.kubernetes.io/name: nginx}}]
          createOnly: true"""));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource binding =
                  wds.genericKubernetesResources(Apis.BINDINGS).withName("nginx").get();
              assertThat(binding).isNotNull();
              Map<String, Object> workload =
                  Unstructured.asMap(
                      Unstructured.asMap(binding.getAdditionalProperties().get("spec"))
                          .get("workload"));
              assertThat((List<?>) workload.get("clusterScope"))
                  .singleElement()
                  .satisfies(
                      e -> assertThat(Unstructured.asMap(e).get("createOnly")).isNotEqualTo(true));
              assertThat((List<?>) workload.get("namespaceScope"))
                  .singleElement()
                  .satisfies(
                      e -> assertThat(Unstructured.asMap(e).get("createOnly")).isEqualTo(true));
            });
    expectReplicas("cluster1", "nginx", 1);
    expectReplicas("cluster2", "nginx", 1);
    String uid1 = deploymentOn("cluster1", "nginx").getMetadata().getUid();
    String uid2 = deploymentOn("cluster2", "nginx").getMetadata().getUid();

    mergePatchDeployment("nginx", "{\"spec\":{\"replicas\": 2}}");
    await()
        .during(Duration.ofSeconds(5))
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(deploymentOn("cluster1", "nginx").getSpec().getReplicas()).isEqualTo(1);
              assertThat(deploymentOn("cluster2", "nginx").getSpec().getReplicas()).isEqualTo(1);
            });

    createDeployment(
        "nginy",
        Map.of("app.kubernetes.io/name", "nginx", "test.kubestellar.io/test-label", "here"));
    createDeployment(
        "enginx",
        Map.of("app.kubernetes.io/name", "nginx", "test.kubestellar.io/test-label", "here"));
    expectDeployments("cluster1", 3);
    expectDeployments("cluster2", 3);
    assertThat(deploymentOn("cluster1", "nginx").getMetadata().getUid()).isEqualTo(uid1);
    assertThat(deploymentOn("cluster2", "nginx").getMetadata().getUid()).isEqualTo(uid2);
  }

  /**
   * Issue 13, case 1: a direct edit of a policy's objectSelectors removes the objects, as upstream.
   */
  @Test
  void handlesChangesInTheBindingPolicysObjectSelector() {
    mergePatchPolicy(
        "nginx",
        "{\"spec\": {\"downsync\": [{\"objectSelectors\": [{\"matchLabels\": {\"app.kubernetes.io/name\": \"invalid\"}}]}]}}");
    expectDeployments("cluster1", 0);
    expectDeployments("cluster2", 0);
    mergePatchPolicy(
        "nginx",
        "{\"spec\": {\"downsync\": [{\"objectSelectors\": [{\"matchLabels\": {\"app.kubernetes.io/name\": \"nginx\"}}]}]}}");
    expectDeployments("cluster1", 1);
    expectDeployments("cluster2", 1);
  }

  @Test
  void handlesChangesInWorkloadObjectLabels() {
    mergePatchDeployment(
        "nginx", "{\"metadata\": {\"labels\": {\"app.kubernetes.io/name\": \"not-me\"}}}");
    expectDeployments("cluster1", 0);
    expectDeployments("cluster2", 0);
    mergePatchDeployment(
        "nginx", "{\"metadata\": {\"labels\": {\"app.kubernetes.io/name\": \"nginx\"}}}");
    expectDeployments("cluster1", 1);
    expectDeployments("cluster2", 1);
  }

  @Test
  void handlesMultipleBindingPoliciesWithOverlappingMatches() {
    apply(
        policy(
            "nginx-2",
            "{matchLabels: {location-group: edge}}",
            "- objectSelectors: [{matchLabels: {app.kubernetes.io/name: nginx}}]"));
    await()
        .atMost(WAIT)
        .until(
            () -> wds.genericKubernetesResources(Apis.BINDINGS).withName("nginx-2").get() != null);
    expectDeployments("cluster1", 1);
    expectDeployments("cluster2", 1);
    String uid = deploymentOn("cluster1", "nginx").getMetadata().getUid();

    deletePolicy("nginx-2");
    await()
        .atMost(WAIT)
        .until(
            () -> wds.genericKubernetesResources(Apis.BINDINGS).withName("nginx-2").get() == null);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(deployments("cluster1")).isEqualTo(1);
              assertThat(deployments("cluster2")).isEqualTo(1);
            });
    assertThat(deploymentOn("cluster1", "nginx").getMetadata().getUid())
        .as("one copy, never re-created")
        .isEqualTo(uid);
  }

  @Test
  void deletesWecObjectsWhenTheWdsDeploymentIsDeleted() {
    wds.apps().deployments().inNamespace(NS).withName("nginx").delete();
    expectDeployments("cluster1", 0);
    expectDeployments("cluster2", 0);
  }

  /**
   * Issue 13, case 6: a deleted policy and its Binding are a quiet no-op, not a failure retried
   * with backoff.
   */
  @Test
  void deletesWecObjectsWhenTheBindingPolicyIsDeleted() {
    long failures = placement.policyAndBindingFailures();
    deletePolicy("nginx");
    expectDeployments("cluster1", 0);
    expectDeployments("cluster2", 0);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                            .inAnyNamespace()
                            .withLabel(Apis.BINDING_KEY_LABEL, "nginx")
                            .list()
                            .getItems())
                    .isEmpty());
    await().atMost(WAIT).until(placement::idle);
    assertThat(placement.policyAndBindingFailures()).isEqualTo(failures);
  }

  @Test
  void aPolicyDeletedAndCreatedAgainReachesItsWecsAgain() {
    String uid = deploymentOn("cluster1", "nginx").getMetadata().getUid();
    deletePolicy("nginx");
    apply(
        policy(
            "nginx",
            "{matchLabels: {location-group: edge}}",
            "- objectSelectors: [{matchLabels: {app.kubernetes.io/name: nginx}}]"));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              GenericKubernetesResource p =
                  wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("nginx").get();
              GenericKubernetesResource b =
                  wds.genericKubernetesResources(Apis.BINDINGS).withName("nginx").get();
              assertThat(b.getMetadata().getDeletionTimestamp()).isNull();
              assertThat(b.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getUid()).isEqualTo(p.getMetadata().getUid()));
              List<GenericKubernetesResource> works =
                  its.genericKubernetesResources(Apis.MANIFEST_WORKS)
                      .inAnyNamespace()
                      .withLabel(Apis.BINDING_KEY_LABEL, "nginx")
                      .list()
                      .getItems();
              assertThat(works)
                  .hasSize(2)
                  .allSatisfy(w -> assertThat(w.getMetadata().getDeletionTimestamp()).isNull());
              for (String wec : List.of("cluster1", "cluster2")) {
                Deployment d = deploymentOn(wec, "nginx");
                assertThat(d).isNotNull();
                assertThat(d.getMetadata().getDeletionTimestamp()).isNull();
              }
            });
    assertThat(uid).isNotEmpty();
  }

  @Test
  void supportsMultiFactorObjectAndClusterSelectors() {
    wds.apps().deployments().inNamespace(NS).withName("nginx").delete();
    createDeployment("one", Map.of("label1", "test1"));
    createDeployment("two", Map.of("label1", "test1", "label2", "test2"));
    apply(
        policy(
            "both-labels",
            "{matchLabels: {name: cluster1}}",
            "- objectSelectors: [{matchLabels: {label1: test1, label2: test2}}]"));
    expectDeploymentNames("cluster1", "two");
    expectDeploymentNames("cluster2");
    mergePatchPolicy(
        "both-labels",
        "{\"spec\": {\"clusterSelectors\": [{\"matchLabels\": {\"name\": \"cluster2\"}}]}}");
    expectDeploymentNames("cluster1");
    expectDeploymentNames("cluster2", "two");
  }

  @Test
  void handlesAClusterSelectorWithMatchLabelsAndMatchExpressions() {
    replaceNginxWithDeploymentsLabelledABC();
    apply(
        policy(
            "two-cluster-selectors",
            """
        {matchLabels: {name: cluster1}}
          - matchExpressions: [{key: name, operator: In, values: [cluster1, cluster2, cluster3]}]""",
            "- objectSelectors: [{matchLabels: {label1: A}}, {matchLabels: {label1: B}}]"));
    expectDeploymentNames("cluster1", "one", "two");
    expectDeploymentNames("cluster2", "one", "two");
  }

  @Test
  void selectsWorkloadObjectsByBothLabelsAndName() {
    replaceNginxWithDeploymentsLabelledABC();
    apply(
        policy(
            "test-name-and-label",
            "{matchLabels: {location-group: edge}}",
            """
        - objectNames: [three]
          objectSelectors: [{matchLabels: {label1: C}}]"""));
    expectDeploymentNames("cluster1", "three");
    expectDeploymentNames("cluster2", "three");
  }

  // ---- singleton status

  @Test
  void setsAndClearsSingletonStatus() {
    wds.apps().deployments().inNamespace(NS).withName("nginx").delete();
    expectDeployments("cluster1", 0);
    createDeployment("nginx-singleton", Map.of("app.kubernetes.io/name", "nginx-singleton"));
    apply(
        policy(
            "nginx-singleton",
            "{matchLabels: {name: cluster1}}",
            """
        - objectSelectors: [{matchLabels: {app.kubernetes.io/name: nginx-singleton}}]
          wantSingletonReportedState: true"""));
    expectDeploymentNames("cluster1", "nginx-singleton");
    expectDeploymentNames("cluster2");
    expectSingletonStatus("nginx-singleton");
    mergePatchPolicy(
        "nginx-singleton",
        "{\"spec\":{\"clusterSelectors\":[{\"matchLabels\":{\"name\":\"CelestialNexus\"}}]}}");
    expectDeployments("cluster1", 0);
    expectDeployments("cluster2", 0);
    expectStatusCleared("nginx-singleton");
  }

  /**
   * Issue 13, case 2: only qualified WECs count, even while another policy still places the object.
   */
  @Test
  void onlyCountsQualifiedWecs() {
    apply(
        policy(
            "nginx-singleton",
            "{matchLabels: {name: cluster1}}",
            """
        - objectSelectors: [{matchLabels: {app.kubernetes.io/name: nginx}}]
          wantSingletonReportedState: true"""));
    expectDeployments("cluster1", 1);
    expectDeployments("cluster2", 1);
    expectSingletonStatus("nginx");
    mergePatchPolicy(
        "nginx-singleton",
        "{\"spec\":{\"clusterSelectors\":[{\"matchLabels\":{\"name\":\"CelestialNexus\"}}]}}");
    expectStatusCleared("nginx");
    assertThat(deployments("cluster1")).as("policy nginx still places it").isEqualTo(1);
  }

  // ---- object cleaning

  @Test
  void properlyStartsANodePortService() {
    apply(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: hello-service, namespace: nginx, labels: {app.kubernetes.io/name: hello-service}}
        spec:
          type: NodePort
          selector: {app.kubernetes.io/name: hello-service}
          ports: [{protocol: TCP, port: 80, targetPort: 80}]
        """);
    apply(
        policy(
            "hello-service",
            "{matchLabels: {name: cluster1}}",
            "- objectSelectors: [{matchLabels: {app.kubernetes.io/name: hello-service}}]"));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        wec("cluster1")
                            .services()
                            .inNamespace(NS)
                            .withName("hello-service")
                            .get()
                            .getSpec()
                            .getType())
                    .isEqualTo("NodePort"));
  }

  @Test
  void properlyStartsAJobWithGenerateName() {
    wds.resource(
            Serialization.unmarshal(
                """
        apiVersion: batch/v1
        kind: Job
        metadata: {generateName: pi-, namespace: nginx, labels: {app.kubernetes.io/name: hello-job}}
        spec:
          template:
            metadata: {name: pi}
            spec:
              restartPolicy: Never
              containers: [{name: pi, image: perl, command: [perl, -Mbignum=bpi, -wle, print bpi(2000)]}]
        """,
                HasMetadata.class))
        .create();
    apply(
        policy(
            "hello-job",
            "{matchLabels: {name: cluster1}}",
            "- objectSelectors: [{matchLabels: {app.kubernetes.io/name: hello-job}}]"));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(wec("cluster1").batch().v1().jobs().inNamespace(NS).list().getItems())
                    .hasSize(1));
  }

  // ---- combined status

  @Test
  void canListTheFullStatusFromEachWec() {
    apply(
        collector(
            "full-status",
            """
        select:
        - {name: wecName, def: inventory.name}
        - {name: status, def: returned.status}
        limit: 20"""));
    apply(combinedStatusPolicy("full-status"));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> result = singleResult();
              assertThat(result.get("name")).isEqualTo("full-status");
              assertThat(result.get("columnNames")).isEqualTo(List.of("wecName", "status"));
              List<Map<String, Object>> rows = rows(result);
              assertThat(rows).hasSize(2);
              assertThat(
                      rows.stream().map(r -> cell(r, 0).get("string")).collect(Collectors.toSet()))
                  .isEqualTo(Set.of("cluster1", "cluster2"));
              assertThat(rows).allSatisfy(r -> assertThat(cell(r, 1).get("object")).isNotNull());
            });
  }

  @Test
  void canSumAvailableReplicasAcrossWecs() {
    apply(combinedStatusPolicy("sum-available-replicas"));
    apply(
        collector(
            "sum-available-replicas",
            """
        combinedFields: [{name: sum, type: SUM, subject: returned.status.availableReplicas}]
        limit: 10"""));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> result = singleResult();
              assertThat(result.get("columnNames")).isEqualTo(List.of("sum"));
              assertThat(rows(result))
                  .singleElement()
                  .satisfies(
                      r ->
                          assertThat(r.get("columns"))
                              .isEqualTo(List.of(Map.of("type", "Number", "float", "2"))));
            });
  }

  @Test
  void canListTheWecsWhereAvailableReplicasEqualsDesired() {
    apply(
        collector(
            "nginx-wecs",
            """
        filter: obj.spec.replicas == returned.status.availableReplicas
        select: [{name: wecName, def: inventory.name}]
        limit: 10"""));
    apply(combinedStatusPolicy("nginx-wecs"));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> result = singleResult();
              assertThat(result.get("columnNames")).isEqualTo(List.of("wecName"));
              assertThat(rows(result).stream().map(r -> cell(r, 0)).toList())
                  .containsExactlyInAnyOrder(
                      Map.of("type", "String", "string", "cluster1"),
                      Map.of("type", "String", "string", "cluster2"));
            });
  }

  @Test
  void canSupportMultipleStatusCollectors() {
    apply(
        collector(
            "select-available-replicas",
            """
        select:
        - {name: wecName, def: inventory.name}
        - {name: availableReplicas, def: returned.status.availableReplicas}
        limit: 20"""));
    apply(combinedStatusPolicy("select-available-replicas", "replicas"));
    apply(
        collector(
            "replicas",
            """
        select:
        - {name: wecName, def: inventory.name}
        - {name: replicas, def: returned.status.replicas}
        limit: 20"""));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              List<Map<String, Object>> results = results();
              assertThat(results).hasSize(2);
              for (Map<String, Object> result : results) {
                assertThat((List<?>) result.get("columnNames")).hasSize(2);
                assertThat(rows(result)).hasSize(2);
              }
            });
  }

  /**
   * Issue 13, case 3: COUNT, MAX, MIN, SUM, AVG over zero WECs, spelled as upstream spells them.
   */
  @Test
  void canAggregateOverZeroWecs() {
    apply(combinedStatusPolicy("test-empty-group"));
    apply(
        collector(
            "test-empty-group",
            """
        filter: "false"
        combinedFields:
        - {name: count, type: COUNT}
        - {name: max, type: MAX, subject: "2"}
        - {name: min, type: MIN, subject: "2"}
        - {name: sum, type: SUM, subject: "2"}
        - {name: avg, type: AVG, subject: "2"}
        limit: 20"""));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> result = singleResult();
              assertThat(result.get("columnNames"))
                  .isEqualTo(List.of("count", "max", "min", "sum", "avg"));
              assertThat(rows(result))
                  .singleElement()
                  .satisfies(
                      r ->
                          assertThat(r.get("columns"))
                              .isEqualTo(
                                  List.of(
                                      Map.of("type", "Number", "float", "0"),
                                      Map.of("type", "Number", "float", "-Inf"),
                                      Map.of("type", "Number", "float", "+Inf"),
                                      Map.of("type", "Number", "float", "0"),
                                      Map.of("type", "Number", "float", "NaN"))));
            });
  }

  /**
   * Issue 13, case 4: no CombinedStatus outlives its policy, or the policy's selection of the
   * object.
   */
  @Test
  void combinedStatusesGoWithTheirPolicyOrItsSelection() {
    apply(
        collector(
            "sum-available-replicas",
            """
        combinedFields: [{name: sum, type: SUM, subject: returned.status.availableReplicas}]
        limit: 10"""));
    apply(combinedStatusPolicy("sum-available-replicas"));
    await().atMost(WAIT).until(() -> combinedStatuses().size() == 2);
    assertThat(combinedStatuses())
        .extracting(c -> c.getMetadata().getNamespace())
        .as("the Deployment's and, for the cluster-scoped Namespace, kubestellar-report")
        .containsExactlyInAnyOrder(NS, "kubestellar-report");

    mergePatchPolicy(
        "nginx-combinedstatus",
        "{\"spec\": {\"downsync\": [{\"resources\": [\"deployments\"], \"objectSelectors\": [{\"matchLabels\": {\"app.kubernetes.io/name\": \"nginx\"}}], \"statusCollectors\": [\"sum-available-replicas\"]}]}}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(combinedStatuses())
                    .extracting(c -> c.getMetadata().getNamespace())
                    .containsExactly(NS));

    deletePolicy("nginx-combinedstatus");
    await().atMost(WAIT).untilAsserted(() -> assertThat(combinedStatuses()).isEmpty());
  }

  // ---- Orrery's additions: opt-in

  @Test
  void theDeletionGuardOnAPolicyIsOptInAndHoldsUntilConfirmed() {
    GenericKubernetesResource guarded =
        wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("nginx").get();
    guarded.getMetadata().setAnnotations(Map.of("control.orrery.dev/guard-removals", "true"));
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).resource(guarded).update();
    mergePatchPolicy(
        "nginx",
        "{\"spec\": {\"downsync\": [{\"objectSelectors\": [{\"matchLabels\": {\"app.kubernetes.io/name\": \"invalid\"}}]}]}}");
    String[] token = new String[1];
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, Object> ready = condition("nginx", "Ready");
              assertThat(ready.get("reason")).isEqualTo("RemovalsHeld");
              String message = String.valueOf(ready.get("message"));
              assertThat(message).contains("would remove 4 of 4 placements");
              token[0] = message.substring(message.lastIndexOf('=') + 1);
            });
    await()
        .during(Duration.ofSeconds(3))
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(deployments("cluster1")).isEqualTo(1));

    GenericKubernetesResource confirmed =
        wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("nginx").get();
    confirmed.getMetadata().getAnnotations().put("control.orrery.dev/confirm-removals", token[0]);
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).resource(confirmed).update();
    expectDeployments("cluster1", 0);
    expectDeployments("cluster2", 0);
  }

  // ---- helpers

  private static KubernetesClient wec(String name) {
    return spaces.wec(name).space().client();
  }

  private static void apply(String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }

  private static String policy(String name, String firstClusterSelector, String downsync) {
    return """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: %s}
        spec:
          clusterSelectors:
          - %s
          downsync:
        %s
        """
        .formatted(name, firstClusterSelector, downsync.indent(2).stripTrailing());
  }

  private static String combinedStatusPolicy(String... collectors) {
    return policy(
        "nginx-combinedstatus",
        "{matchLabels: {location-group: edge}}",
        """
        - objectSelectors: [{matchLabels: {app.kubernetes.io/name: nginx}}]
          statusCollectors: [%s]"""
            .formatted(String.join(", ", collectors)));
  }

  private static String collector(String name, String spec) {
    return """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: StatusCollector
        metadata: {name: %s}
        spec:
        %s
        """
        .formatted(name, spec.indent(2).stripTrailing());
  }

  private static void createDeployment(String name, Map<String, String> labels) {
    Deployment d =
        Serialization.unmarshal(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: nginx}
        spec:
          replicas: 1
          selector: {matchLabels: {app: nginx}}
          template:
            metadata: {labels: {app: nginx}}
            spec:
              containers: [{name: %s, image: nginx:1.27, ports: [{name: http, protocol: TCP, containerPort: 80}]}]
        """
                .formatted(name, name),
            Deployment.class);
    d.getMetadata().setLabels(labels);
    wds.resource(d).create();
  }

  /**
   * Upstream's setup of its selector tests: nginx gone, one, two, three labelled label1=A, B, C.
   */
  private static void replaceNginxWithDeploymentsLabelledABC() {
    wds.apps().deployments().inNamespace(NS).withName("nginx").delete();
    createDeployment("one", Map.of("label1", "A"));
    createDeployment("two", Map.of("label1", "B"));
    createDeployment("three", Map.of("label1", "C"));
  }

  private static void mergePatchDeployment(String name, String patch) {
    wds.apps()
        .deployments()
        .inNamespace(NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private static void mergePatchPolicy(String name, String patch) {
    wds.genericKubernetesResources(Apis.BINDING_POLICIES)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private static void deletePolicy(String name) {
    wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName(name).delete();
  }

  private static int deployments(String wec) {
    return wec(wec).apps().deployments().inNamespace(NS).list().getItems().size();
  }

  private static void expectDeployments(String wec, int count) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(deployments(wec)).as("Deployments on %s", wec).isEqualTo(count));
  }

  private static void expectDeploymentNames(String wec, String... names) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        wec(wec).apps().deployments().inNamespace(NS).list().getItems().stream()
                            .map(d -> d.getMetadata().getName()))
                    .as("Deployments on %s", wec)
                    .containsExactlyInAnyOrder(names));
  }

  /**
   * Waits until the WEC's work agent has recorded the object among the resources it applied (its
   * AppliedManifestWork status). The OCM work agent (v1.2) forgets an object that leaves its
   * ManifestWork before that record is written (its status write lost a conflict), and never
   * deletes it: a test that removes an object within milliseconds of its arrival would see it stay
   * for that reason alone, so the baseline waits for the record, as a slower user always does.
   */
  private static void expectOwnedByTheWorkAgent(String wec, String resource, String name) {
    WorkAgentRecords.awaitRecorded(wec(wec), resource, NS, name, WAIT);
  }

  private static Deployment deploymentOn(String wec, String name) {
    return wec(wec).apps().deployments().inNamespace(NS).withName(name).get();
  }

  private static void expectReplicas(String wec, String name, int replicas) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(deploymentOn(wec, name).getSpec().getReplicas()).isEqualTo(replicas));
  }

  /** Upstream's ValidateSingletonStatus: the WDS Deployment reports 1 available replica. */
  private static void expectSingletonStatus(String name) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Deployment d = wds.apps().deployments().inNamespace(NS).withName(name).get();
              assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(1);
              assertThat(d.getMetadata().getLabels()).containsEntry(Apis.SINGLETON_LABEL, "true");
            });
  }

  /** Upstream's ValidateSingletonStatusZeroValue: no conditions left, and the counters zero. */
  private static void expectStatusCleared(String name) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Deployment d = wds.apps().deployments().inNamespace(NS).withName(name).get();
              assertThat(
                      d.getStatus() == null
                          || d.getStatus().getConditions() == null
                          || d.getStatus().getConditions().isEmpty())
                  .as("status conditions of %s", name)
                  .isTrue();
              assertThat(
                      d.getStatus() == null
                          || d.getStatus().getAvailableReplicas() == null
                          || d.getStatus().getAvailableReplicas() == 0)
                  .isTrue();
              assertThat(d.getMetadata().getLabels()).doesNotContainKey(Apis.SINGLETON_LABEL);
            });
  }

  private static List<GenericKubernetesResource> combinedStatuses() {
    return wds
        .genericKubernetesResources(Apis.COMBINED_STATUSES)
        .inAnyNamespace()
        .list()
        .getItems()
        .stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /** The results of the Deployment's CombinedStatus for policy nginx-combinedstatus. */
  private static List<Map<String, Object>> results() {
    Deployment d = wds.apps().deployments().inNamespace(NS).withName("nginx").get();
    GenericKubernetesResource policy =
        wds.genericKubernetesResources(Apis.BINDING_POLICIES)
            .withName("nginx-combinedstatus")
            .get();
    GenericKubernetesResource combined =
        wds.genericKubernetesResources(Apis.COMBINED_STATUSES)
            .inNamespace(NS)
            .withName(d.getMetadata().getUid() + "." + policy.getMetadata().getUid())
            .get();
    assertThat(combined).as("CombinedStatus of Deployment nginx").isNotNull();
    return ((List<?>) combined.getAdditionalProperties().get("results"))
        .stream().map(Unstructured::asMap).toList();
  }

  private static Map<String, Object> singleResult() {
    List<Map<String, Object>> results = results();
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  private static List<Map<String, Object>> rows(Map<String, Object> result) {
    Object rows = result.get("rows");
    return rows == null ? List.of() : ((List<?>) rows).stream().map(Unstructured::asMap).toList();
  }

  private static Map<String, Object> cell(Map<String, Object> row, int column) {
    return Unstructured.asMap(((List<?>) row.get("columns")).get(column));
  }

  private static Map<String, Object> condition(String policy, String type) {
    GenericKubernetesResource p =
        wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName(policy).get();
    Object conditions =
        Unstructured.asMap(p.getAdditionalProperties().get("status")).get("conditions");
    return ((List<?>) conditions)
        .stream()
            .map(Unstructured::asMap)
            .filter(c -> type.equals(c.get("type")))
            .findFirst()
            .orElseThrow();
  }
}
