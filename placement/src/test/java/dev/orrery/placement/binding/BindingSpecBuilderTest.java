package dev.orrery.placement.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.Modulation;
import dev.orrery.placement.match.PolicyMatch;
import dev.orrery.placement.match.SelectedObject;
import dev.orrery.placement.match.WorkloadObject;
import dev.orrery.placement.match.WorkloadRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingSpecBuilderTest {

  private static SelectedObject selected(
      String group,
      String version,
      String resource,
      String namespace,
      String name,
      String rv,
      Modulation m) {
    return new SelectedObject(
        new WorkloadObject(
            new WorkloadRef(group, version, resource, namespace, name), rv, Map.of(), null),
        m);
  }

  private static final PolicyMatch MATCH =
      new PolicyMatch(
          List.of("cluster-b", "cluster-a", "cluster-b"),
          List.of(
              selected("apps", "v1", "deployments", "ns2", "web", "12", Modulation.NONE),
              selected("", "v1", "namespaces", "", "ns1", "3", Modulation.NONE),
              selected(
                  "apps",
                  "v1",
                  "deployments",
                  "ns1",
                  "web",
                  "11",
                  new Modulation(true, true, true, List.of("replicas", "age"))),
              selected(
                  "",
                  "v1",
                  "configmaps",
                  "ns1",
                  "cfg",
                  "5",
                  new Modulation(false, true, false, List.of())),
              selected(
                  "rbac.authorization.k8s.io",
                  "v1",
                  "clusterroles",
                  "",
                  "reader",
                  "9",
                  new Modulation(true, false, false, List.of())),
              selected(
                  "apiextensions.k8s.io",
                  "v1",
                  "customresourcedefinitions",
                  "",
                  "widgets.example.com",
                  "4",
                  Modulation.NONE)));

  private static final String EXPECTED =
      """
      workload:
        clusterScope:
        - {group: "", version: v1, resource: namespaces, name: ns1, resourceVersion: "3"}
        - {group: apiextensions.k8s.io, version: v1, resource: customresourcedefinitions,
           name: widgets.example.com, resourceVersion: "4"}
        - {group: rbac.authorization.k8s.io, version: v1, resource: clusterroles, name: reader,
           resourceVersion: "9", createOnly: true}
        namespaceScope:
        - {group: "", version: v1, resource: configmaps, namespace: ns1, name: cfg, resourceVersion: "5",
           wantSingletonReportedState: true}
        - {group: apps, version: v1, resource: deployments, namespace: ns1, name: web, resourceVersion: "11",
           createOnly: true, wantSingletonReportedState: true, wantMultiWECReportedState: true,
           statusCollectors: [age, replicas]}
        - {group: apps, version: v1, resource: deployments, namespace: ns2, name: web, resourceVersion: "12"}
      destinations:
      - {clusterId: cluster-a}
      - {clusterId: cluster-b}
      """;

  @Test
  void buildsTheSpecExactly() {
    assertThat(BindingSpecBuilder.build(MATCH)).isEqualTo(Yaml.map(EXPECTED));
  }

  @Test
  void keepsEntryFieldOrderAsOnThePage() {
    Map<String, Object> spec = BindingSpecBuilder.build(MATCH);
    @SuppressWarnings("unchecked")
    Map<String, Object> first =
        (Map<String, Object>)
            ((List<?>) ((Map<?, ?>) spec.get("workload")).get("namespaceScope")).get(1);
    assertThat(first.keySet())
        .containsExactly(
            "group",
            "version",
            "resource",
            "namespace",
            "name",
            "resourceVersion",
            "createOnly",
            "wantSingletonReportedState",
            "wantMultiWECReportedState",
            "statusCollectors");
  }

  @Test
  void emptyMatchGivesEmptyLists() {
    assertThat(BindingSpecBuilder.build(PolicyMatch.EMPTY))
        .isEqualTo(Yaml.map("workload: {clusterScope: [], namespaceScope: []}\ndestinations: []"));
  }

  @Test
  void readerInvertsBuilder() {
    BindingContent content = BindingContent.of(MATCH);
    assertThat(BindingSpecReader.read(BindingSpecBuilder.build(content))).isEqualTo(content);
    assertThat(BindingSpecReader.read(Yaml.map(EXPECTED))).isEqualTo(content);
  }

  @Test
  void readerSkipsMalformedEntriesAndToleratesMissingFields() {
    BindingContent content =
        BindingSpecReader.read(
            Yaml.map(
                """
                workload:
                  clusterScope: [{resource: namespaces}, x, {resource: namespaces, name: a, createOnly: "yes"}]
                  namespaceScope: [{resource: configmaps, name: no-namespace}]
                destinations: [{clusterId: ""}, {}, {clusterId: c1}, 7]
                """));
    assertThat(content)
        .isEqualTo(
            new BindingContent(
                List.of(
                    new BindingEntry(
                        new WorkloadRef("", "", "namespaces", "", "a"), "", Modulation.NONE)),
                List.of("c1")));
    assertThat(BindingSpecReader.read(null)).isEqualTo(new BindingContent(List.of(), List.of()));
  }

  @Test
  void placementsAreTheCrossProductOfDestinationsAndEntries() {
    BindingContent content = BindingContent.of(MATCH);
    assertThat(content.placements()).hasSize(12);
    assertThat(content.placements().first().toString()).isEqualTo("cluster-a: configmaps ns1/cfg");
  }

  @Test
  void unchangedSpecNeedsNoWriteButAChangedResourceVersionDoes() {
    Map<String, Object> stored = Yaml.map(EXPECTED);
    assertThat(SpecComparison.needsWrite(stored, BindingSpecBuilder.build(MATCH))).isFalse();
    stored = Yaml.map(EXPECTED.replace("resourceVersion: \"12\"", "resourceVersion: \"13\""));
    assertThat(SpecComparison.firstDifference(stored, BindingSpecBuilder.build(MATCH)))
        .contains("$.workload.namespaceScope[2].resourceVersion");
  }
}
