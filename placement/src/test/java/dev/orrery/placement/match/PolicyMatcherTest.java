package dev.orrery.placement.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyMatcherTest {

  private static final Map<String, String> PROD = Map.of("env", "prod");
  private static final Map<String, String> DEV = Map.of("env", "dev");
  private static final Map<String, String> APP_WEB = Map.of("app", "web");

  private static final String WEB = "deployments.apps ns1/web";
  private static final String DB = "deployments.apps ns2/db";
  private static final String CFG = "configmaps ns1/cfg";
  private static final String ORPHAN = "configmaps ns3/orphan";
  private static final String READER = "clusterroles.rbac.authorization.k8s.io reader";
  private static final String NS1 = "namespaces ns1";
  private static final String CRD =
      "customresourcedefinitions.apiextensions.k8s.io widgets.example.com";
  private static final List<String> ALL = List.of(WEB, DB, CFG, ORPHAN, READER, NS1, CRD);

  /** The WDS: downsyncable objects and, labelled app=web, objects that must never be downsynced. */
  static final List<WorkloadObject> WORLD =
      List.of(
          object("apps", "deployments", "ns1", "web", APP_WEB, PROD),
          object("apps", "deployments", "ns2", "db", Map.of("app", "db"), DEV),
          object("", "configmaps", "ns1", "cfg", Map.of(), PROD),
          object("", "configmaps", "ns3", "orphan", Map.of(), null),
          object("rbac.authorization.k8s.io", "clusterroles", "", "reader", APP_WEB, null),
          object("", "namespaces", "", "ns1", PROD, null),
          object(
              "apiextensions.k8s.io",
              "customresourcedefinitions",
              "",
              "widgets.example.com",
              Map.of(),
              null),
          object("", "events", "ns1", "e1", APP_WEB, PROD),
          object("", "nodes", "", "n1", APP_WEB, null),
          object("", "endpoints", "ns1", "web", APP_WEB, PROD),
          object("events.k8s.io", "events", "ns1", "e2", APP_WEB, PROD),
          object("storage.k8s.io", "csistoragecapacities", "ns1", "c1", APP_WEB, PROD),
          object("storage.k8s.io", "csinodes", "", "n1", APP_WEB, null),
          object("flowcontrol.apiserver.k8s.io", "flowschemas", "", "f1", APP_WEB, null),
          object("discovery.k8s.io", "endpointslices", "ns1", "web-x1", APP_WEB, PROD),
          object("apiregistration.k8s.io", "apiservices", "", "v1.apps", APP_WEB, null),
          object("coordination.k8s.io", "leases", "ns1", "l1", APP_WEB, PROD),
          object("control.kubestellar.io", "bindingpolicies", "", "bp", APP_WEB, null),
          object("work.open-cluster-management.io", "manifestworks", "c1", "mw", APP_WEB, null),
          object("cluster.open-cluster-management.io", "managedclusters", "", "c1", APP_WEB, null),
          object("gitops.orrery.dev", "gitsources", "ns1", "repo", APP_WEB, PROD));

  static WorkloadObject object(
      String group,
      String resource,
      String namespace,
      String name,
      Map<String, String> labels,
      Map<String, String> nsLabels) {
    return new WorkloadObject(
        new WorkloadRef(group, "v1", resource, namespace, name), "7", labels, nsLabels);
  }

  static Stream<Arguments> objectSelection() {
    return Stream.of(
        Arguments.of("resources * selects every downsyncable object", "[{resources: ['*']}]", ALL),
        Arguments.of(
            "apiGroup '' is the core group only", "[{apiGroup: ''}]", List.of(CFG, ORPHAN, NS1)),
        Arguments.of("apiGroup names one group", "[{apiGroup: apps}]", List.of(WEB, DB)),
        Arguments.of(
            "apiGroup null is any group",
            "[{apiGroup: null, resources: [configmaps, deployments]}]",
            List.of(WEB, DB, CFG, ORPHAN)),
        Arguments.of(
            "apiGroup '' excludes other groups",
            "[{apiGroup: '', resources: [deployments]}]",
            List.of()),
        Arguments.of(
            "resources: any entry",
            "[{resources: [deployments, clusterroles]}]",
            List.of(WEB, DB, READER)),
        Arguments.of(
            "namespaces: listed only, never cluster-scoped",
            "[{namespaces: [ns1]}]",
            List.of(WEB, CFG)),
        Arguments.of("namespaces * admits cluster-scoped objects", "[{namespaces: ['*']}]", ALL),
        Arguments.of(
            "namespaces [''] does not admit cluster-scoped objects",
            "[{namespaces: ['']}]",
            List.of()),
        Arguments.of(
            "namespaceSelectors: Namespace labels",
            "[{namespaceSelectors: [{matchLabels: {env: prod}}]}]",
            List.of(WEB, CFG)),
        Arguments.of(
            "namespaceSelectors [{}] admits everything, cluster-scoped included",
            "[{namespaceSelectors: [{}]}]",
            ALL),
        Arguments.of(
            "a {} entry among namespaceSelectors admits everything",
            "[{namespaceSelectors: [{matchLabels: {env: prod}}, {}]}]",
            ALL),
        Arguments.of(
            "namespaceSelectors: any entry",
            "[{namespaceSelectors: [{matchLabels: {env: prod}}, {matchLabels: {env: dev}}]}]",
            List.of(WEB, DB, CFG)),
        Arguments.of(
            "namespaceSelectors: unknown Namespace labels and cluster-scoped objects fail",
            "[{namespaceSelectors: [{matchExpressions: [{key: env, operator: DoesNotExist}]}]}]",
            List.of()),
        Arguments.of(
            "objectNames: any entry, cluster-scoped included",
            "[{objectNames: [web, reader]}]",
            List.of(WEB, READER)),
        Arguments.of("objectNames *", "[{objectNames: ['*']}]", ALL),
        Arguments.of(
            "objectSelectors: object labels",
            "[{objectSelectors: [{matchLabels: {app: web}}]}]",
            List.of(WEB, READER)),
        Arguments.of(
            "objectSelectors: any entry",
            "[{objectSelectors: [{matchLabels: {app: web}}, {matchLabels: {app: db}}]}]",
            List.of(WEB, DB, READER)),
        Arguments.of("objectSelectors [{}] matches everything", "[{objectSelectors: [{}]}]", ALL),
        Arguments.of(
            "objectSelectors with expressions",
            "[{objectSelectors: [{matchExpressions: [{key: app, operator: DoesNotExist}]}]}]",
            List.of(CFG, ORPHAN, NS1, CRD)),
        Arguments.of(
            "all criteria of a clause must pass",
            "[{apiGroup: apps, namespaces: [ns2]}]",
            List.of(DB)),
        Arguments.of(
            "resource and namespace selector",
            "[{resources: [configmaps], namespaceSelectors: [{matchLabels: {env: prod}}]}]",
            List.of(CFG)),
        Arguments.of(
            "name and namespace disagree", "[{objectNames: [web], namespaces: [ns2]}]", List.of()),
        Arguments.of(
            "a Namespace travels only when selected",
            "[{resources: [namespaces], objectNames: [ns1]}]",
            List.of(NS1)),
        Arguments.of(
            "any clause may match",
            "[{apiGroup: apps}, {objectNames: [reader]}]",
            List.of(WEB, DB, READER)),
        Arguments.of(
            "CRDs are ordinary cluster-scoped objects",
            "[{apiGroup: apiextensions.k8s.io}]",
            List.of(CRD)),
        Arguments.of("no clauses select nothing", "[]", List.of()),
        Arguments.of(
            "never-downsynced resources are not selected even by name",
            "[{resources: [events, nodes, endpoints, leases, endpointslices, csinodes, csistoragecapacities]}]",
            List.of()),
        Arguments.of(
            "never-downsynced groups are not selected",
            "[{apiGroup: control.kubestellar.io}]",
            List.of()),
        Arguments.of(
            "Orrery's own group is not selected", "[{apiGroup: gitops.orrery.dev}]", List.of()),
        Arguments.of(
            "wildcards everywhere still honour other criteria",
            "[{resources: ['*'], namespaces: ['*'], objectNames: ['*'], objectSelectors: [{matchLabels: {app: web}}]}]",
            List.of(WEB, READER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectSelection")
  void selectsObjects(String rule, String downsync, List<String> expected) {
    PolicyMatch match =
        matcher("clusterSelectors: [{}]\ndownsync: " + downsync).match(List.of(), WORLD);
    assertThat(describe(match)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void resultIsSortedByGroupVersionResourceThenNamespaceAndName() {
    List<WorkloadObject> reversed = new ArrayList<>(WORLD);
    Collections.reverse(reversed);
    PolicyMatch match = matcher("downsync: [{resources: ['*']}]").match(List.of(), reversed);
    assertThat(describe(match)).containsExactly(CFG, ORPHAN, NS1, CRD, WEB, DB, READER);
  }

  static Stream<Arguments> clusterSelection() {
    return Stream.of(
        Arguments.of("absent list selects no cluster", "{}", List.of()),
        Arguments.of("empty list selects no cluster", "clusterSelectors: []", List.of()),
        Arguments.of(
            "{} selects every cluster",
            "clusterSelectors: [{}]",
            List.of("c-eu-1", "c-eu-2", "c-us-1")),
        Arguments.of(
            "matchLabels",
            "clusterSelectors: [{matchLabels: {location: eu}}]",
            List.of("c-eu-1", "c-eu-2")),
        Arguments.of(
            "OR across the list",
            "clusterSelectors: [{matchLabels: {location: us}}, {matchLabels: {tier: gold}}]",
            List.of("c-eu-2", "c-us-1")),
        Arguments.of(
            "AND inside one selector",
            "clusterSelectors: [{matchLabels: {location: eu, tier: gold}}]",
            List.of("c-eu-2")),
        Arguments.of(
            "expressions",
            "clusterSelectors: [{matchExpressions: [{key: tier, operator: NotIn, values: [gold]}]}]",
            List.of("c-eu-1", "c-us-1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterSelection")
  void selectsClusters(String rule, String spec, List<String> expected) {
    List<Cluster> clusters =
        List.of(
            new Cluster("c-us-1", Map.of("location", "us"), Map.of()),
            new Cluster("c-eu-2", Map.of("location", "eu", "tier", "gold"), Map.of()),
            new Cluster("c-eu-1", Map.of("location", "eu"), Map.of()),
            new Cluster("c-eu-1", Map.of("location", "eu"), Map.of()));
    assertThat(matcher(spec + "\ndownsync: [{resources: ['*']}]").match(clusters, WORLD).clusters())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void mergesModulationsOfEveryMatchingClause() {
    PolicyMatcher matcher =
        matcher(
            """
            downsync:
            - apiGroup: apps
              createOnly: true
              statusCollectors: [replicas, age]
            - objectSelectors: [{matchLabels: {app: web}}]
              wantSingletonReportedState: true
              statusCollectors: [conditions, age]
            - namespaces: [ns2]
              wantMultiWECReportedState: true
            """);
    assertThat(matcher.matchObject(WORLD.get(0)))
        .contains(new Modulation(true, true, false, List.of("age", "conditions", "replicas")));
    assertThat(matcher.matchObject(WORLD.get(1)))
        .contains(new Modulation(true, false, true, List.of("age", "replicas")));
    assertThat(matcher.matchObject(WORLD.get(4)))
        .contains(new Modulation(false, true, false, List.of("age", "conditions")));
    assertThat(matcher.matchObject(WORLD.get(2))).isEmpty();
  }

  @Test
  void unmodulatedClauseGivesNoModulation() {
    assertThat(matcher("downsync: [{apiGroup: apps}]").matchObject(WORLD.get(0)))
        .contains(Modulation.NONE);
  }

  @Test
  void namespaceLabelChangeChangesSelectionOfObjectsInside() {
    PolicyMatcher matcher =
        matcher("downsync: [{namespaceSelectors: [{matchLabels: {env: prod}}]}]");
    WorkloadObject db = WORLD.get(1);
    assertThat(matcher.matchObject(db)).isEmpty();

    WorkloadObject relabelled = db.withNamespaceLabels(Map.of("env", "prod"));
    assertThat(matcher.matchObject(relabelled)).contains(Modulation.NONE);

    List<WorkloadObject> world = new ArrayList<>(WORLD);
    world.set(1, relabelled);
    world.set(0, WORLD.get(0).withNamespaceLabels(Map.of("env", "staging")));
    world.set(2, WORLD.get(2).withNamespaceLabels(Map.of("env", "staging")));
    assertThat(describe(matcher.match(List.of(), world))).containsExactly(DB);
    assertThat(matcher.spec().dependsOnNamespaceLabels()).isTrue();
  }

  @Test
  void onlyRealNamespaceSelectorsDependOnNamespaceLabels() {
    assertThat(matcher("downsync: [{namespaceSelectors: [{}]}]").spec().dependsOnNamespaceLabels())
        .isFalse();
    assertThat(matcher("downsync: [{namespaces: [ns1]}]").spec().dependsOnNamespaceLabels())
        .isFalse();
    assertThat(
            matcher("downsync: [{apiGroup: apps}, {namespaceSelectors: [{matchLabels: {a: b}}]}]")
                .spec()
                .dependsOnNamespaceLabels())
        .isTrue();
  }

  @Test
  void namespaceLabelsOfClusterScopedObjectsAreIgnored() {
    WorkloadObject reader = WORLD.get(4).withNamespaceLabels(PROD);
    assertThat(reader.namespaceLabels()).isNull();
    assertThat(
            matcher("downsync: [{namespaceSelectors: [{matchLabels: {env: prod}}]}]")
                .matchObject(reader))
        .isEmpty();
  }

  @Test
  void readsWorkloadObjectAndClusterFromUnstructuredMaps() {
    WorkloadObject object =
        WorkloadObject.of(
            "apps",
            "v1",
            "deployments",
            Yaml.map(
                """
                metadata: {name: web, namespace: ns1, resourceVersion: "42", labels: {app: web}}
                """),
            PROD);
    assertThat(object)
        .isEqualTo(
            new WorkloadObject(
                new WorkloadRef("apps", "v1", "deployments", "ns1", "web"), "42", APP_WEB, PROD));
    assertThat(
            Cluster.fromManagedCluster(
                Yaml.map("metadata: {name: c1, labels: {a: b}, annotations: {x: y}}")))
        .isEqualTo(new Cluster("c1", Map.of("a", "b"), Map.of("x", "y")));
  }

  private static PolicyMatcher matcher(String specYaml) {
    return new PolicyMatcher(BindingPolicySpec.parse(Yaml.map(specYaml)).orElseThrow());
  }

  private static List<String> describe(PolicyMatch match) {
    return match.objects().stream().map(o -> o.object().ref().key().describe()).toList();
  }
}
