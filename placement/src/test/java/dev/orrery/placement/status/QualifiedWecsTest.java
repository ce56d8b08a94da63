package dev.orrery.placement.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.match.ObjectKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class QualifiedWecsTest {

  private static BindingContent binding(String entryModulation, String... clusters) {
    StringBuilder destinations = new StringBuilder();
    for (String cluster : clusters) {
      destinations.append("{clusterId: ").append(cluster).append("},");
    }
    return BindingSpecReader.read(
        Yaml.map(
            "workload: {namespaceScope: [{group: apps, version: v1, resource: deployments, namespace: ns, name: web"
                + entryModulation
                + "}, {group: '', version: v1, resource: configmaps, namespace: ns, name: other,"
                + " wantSingletonReportedState: true}]}\n"
                + "destinations: ["
                + destinations
                + "]"));
  }

  private static final ObjectKey WEB = new ObjectKey("apps", "deployments", "ns", "web");

  @Test
  void unionsDestinationsOfBindingsAskingForEachKind() {
    QualifiedWecs wecs =
        QualifiedWecs.of(
            WEB,
            List.of(
                binding(", wantSingletonReportedState: true", "c1"),
                binding(
                    ", wantSingletonReportedState: true, wantMultiWECReportedState: true",
                    "c2",
                    "c1"),
                binding(", wantMultiWECReportedState: true", "c3"),
                binding("", "c4")));
    assertThat(wecs.singletonRequested()).isTrue();
    assertThat(wecs.singleton()).containsExactly("c1", "c2");
    assertThat(wecs.multiRequested()).isTrue();
    assertThat(wecs.multi()).containsExactly("c1", "c2", "c3");
  }

  @Test
  void requestWithoutDestinationsIsStillARequest() {
    QualifiedWecs wecs =
        QualifiedWecs.of(WEB, List.of(binding(", wantSingletonReportedState: true")));
    assertThat(wecs.singletonRequested()).isTrue();
    assertThat(wecs.singleton()).isEmpty();
    assertThat(QualifiedWecs.of(WEB, List.of(binding("", "c1"))).singletonRequested()).isFalse();
  }

  @Test
  void policyErrorNamesUpToFourObjects() {
    Map<ObjectKey, Integer> counts = new TreeMap<>();
    counts.put(new ObjectKey("apps", "deployments", "ns", "ok"), 1);
    for (String name : List.of("e", "d", "c", "b", "a")) {
      counts.put(new ObjectKey("apps", "deployments", "ns", name), name.equals("a") ? 0 : 2);
    }
    assertThat(SingletonStatusErrors.message(counts))
        .contains(
            "wantSingletonReportedState needs exactly 1 qualified WEC, but 5 objects have a different number:"
                + " deployments.apps ns/a (0 WECs), deployments.apps ns/b (2 WECs), deployments.apps ns/c (2 WECs),"
                + " deployments.apps ns/d (2 WECs) and 1 more");
    assertThat(SingletonStatusErrors.message(Map.of(new ObjectKey("", "configmaps", "ns", "x"), 3)))
        .contains(
            "wantSingletonReportedState needs exactly 1 qualified WEC, but 1 object has a different number:"
                + " configmaps ns/x (3 WECs)");
    assertThat(SingletonStatusErrors.message(Map.of(new ObjectKey("", "configmaps", "ns", "x"), 1)))
        .isEmpty();
    assertThat(SingletonStatusErrors.message(Map.of())).isEmpty();
  }
}
