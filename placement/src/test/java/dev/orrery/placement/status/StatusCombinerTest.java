package dev.orrery.placement.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.ObjectKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusCombinerTest {

  static Stream<Arguments> combinations() {
    return Stream.of(
        Arguments.of(
            "Deployment: min of counters, max of unavailableReplicas, missing counters are 0",
            "apps",
            "deployments",
            """
            c1: {replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 5,
                 conditions: [{type: Available}]}
            c2: {replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 4,
                 unavailableReplicas: 2}
            c3: {replicas: 3, updatedReplicas: 3, availableReplicas: 2, observedGeneration: 5, unavailableReplicas: 1}
            """,
            """
            {replicas: 3, updatedReplicas: 2, readyReplicas: 0, availableReplicas: 1, observedGeneration: 4,
             unavailableReplicas: 2}
            """),
        Arguments.of(
            "ReplicaSet: min of counters",
            "apps",
            "replicasets",
            """
            c1: {replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1}
            c2: {replicas: 5, fullyLabeledReplicas: 4, readyReplicas: 3, availableReplicas: 1, observedGeneration: 2}
            """,
            """
            {replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1}
            """),
        Arguments.of(
            "DaemonSet: min of counters, max of numberMisscheduled",
            "apps",
            "daemonsets",
            """
            c1: {currentNumberScheduled: 3, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 2,
                 updatedNumberScheduled: 3, numberAvailable: 3, numberUnavailable: 0, numberMisscheduled: 0}
            c2: {currentNumberScheduled: 5, desiredNumberScheduled: 6, numberReady: 4, observedGeneration: 2,
                 updatedNumberScheduled: 2, numberAvailable: 4, numberUnavailable: 2, numberMisscheduled: 1}
            """,
            """
            {currentNumberScheduled: 3, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 2,
             updatedNumberScheduled: 2, numberAvailable: 3, numberUnavailable: 0, numberMisscheduled: 1}
            """),
        Arguments.of(
            "other kinds: copied when only one WEC reported",
            "batch",
            "jobs",
            "c2: {succeeded: 1, conditions: [{type: Complete}]}",
            "{succeeded: 1, conditions: [{type: Complete}]}"),
        Arguments.of(
            "other kinds: nothing when several WECs reported",
            "batch",
            "jobs",
            "c1: {succeeded: 1}\nc2: {succeeded: 1}",
            "{}"),
        Arguments.of(
            "a non-apps group with a deployments resource is an other kind",
            "example.com",
            "deployments",
            "c1: {replicas: 1, custom: x}",
            "{replicas: 1, custom: x}"),
        Arguments.of("no report at all", "apps", "deployments", "{}", "{}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void combinesReports(
      String rule, String group, String resource, String reports, String expected) {
    assertThat(longs(StatusCombiner.combine(group, resource, reports(reports))))
        .isEqualTo(longs(Yaml.map(expected)));
  }

  private static final ObjectKey DEPLOYMENT = new ObjectKey("apps", "deployments", "ns", "web");
  private static final ObjectKey JOB = new ObjectKey("batch", "jobs", "ns", "j");
  private static final String REPORTS =
      """
      c1: {replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 3}
      c2: {replicas: 2, readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1, observedGeneration: 3,
           unavailableReplicas: 1}
      """;

  static Stream<Arguments> decisions() {
    String single =
        "{replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 3}";
    String combined =
        "{replicas: 2, readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1, observedGeneration: 3,"
            + " unavailableReplicas: 1}";
    return Stream.of(
        Arguments.of(
            "singleton with exactly one qualified WEC copies it",
            DEPLOYMENT,
            wecs(true, List.of("c1"), false, List.of()),
            StatusDecision.Mode.SINGLETON,
            single),
        Arguments.of(
            "singleton whose WEC has not reported yet gets {}",
            DEPLOYMENT,
            wecs(true, List.of("c9"), false, List.of()),
            StatusDecision.Mode.SINGLETON,
            "{}"),
        Arguments.of(
            "singleton with two qualified WECs clears",
            DEPLOYMENT,
            wecs(true, List.of("c1", "c2"), false, List.of()),
            StatusDecision.Mode.CLEAR,
            "{}"),
        Arguments.of(
            "singleton with no qualified WEC clears",
            DEPLOYMENT,
            wecs(true, List.of(), false, List.of()),
            StatusDecision.Mode.CLEAR,
            "{}"),
        Arguments.of(
            "multi-WEC with two qualified WECs combines",
            DEPLOYMENT,
            wecs(false, List.of(), true, List.of("c1", "c2")),
            StatusDecision.Mode.MULTI_WEC,
            combined),
        Arguments.of(
            "multi-WEC combines only qualified WECs",
            DEPLOYMENT,
            wecs(false, List.of(), true, List.of("c1", "c3")),
            StatusDecision.Mode.MULTI_WEC,
            "{replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 3,"
                + " unavailableReplicas: 0}"),
        Arguments.of(
            "multi-WEC with one qualified WEC clears",
            DEPLOYMENT,
            wecs(false, List.of(), true, List.of("c1")),
            StatusDecision.Mode.CLEAR,
            "{}"),
        Arguments.of(
            "singleton wins when both rules apply",
            DEPLOYMENT,
            wecs(true, List.of("c2"), true, List.of("c1", "c2")),
            StatusDecision.Mode.SINGLETON,
            "{replicas: 2, readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1, observedGeneration: 3,"
                + " unavailableReplicas: 1}"),
        Arguments.of(
            "multi applies when singleton does not qualify",
            DEPLOYMENT,
            wecs(true, List.of("c1", "c2"), true, List.of("c1", "c2")),
            StatusDecision.Mode.MULTI_WEC,
            combined),
        Arguments.of(
            "nothing requested clears",
            DEPLOYMENT,
            wecs(false, List.of(), false, List.of()),
            StatusDecision.Mode.CLEAR,
            "{}"),
        Arguments.of(
            "other kind in multi mode with two reports gets {}",
            JOB,
            wecs(false, List.of(), true, List.of("c1", "c2")),
            StatusDecision.Mode.MULTI_WEC,
            "{}"),
        Arguments.of(
            "Namespace is never written",
            new ObjectKey("", "namespaces", "", "ns"),
            wecs(true, List.of("c1"), false, List.of()),
            StatusDecision.Mode.NOT_APPLICABLE,
            null),
        Arguments.of(
            "CRD is never written",
            new ObjectKey("apiextensions.k8s.io", "customresourcedefinitions", "", "w.example.com"),
            wecs(false, List.of(), true, List.of("c1", "c2")),
            StatusDecision.Mode.NOT_APPLICABLE,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decides(
      String rule,
      ObjectKey key,
      QualifiedWecs qualified,
      StatusDecision.Mode mode,
      String status) {
    StatusDecision decision = StatusCombiner.decide(key, qualified, reports(REPORTS));
    assertThat(decision.mode()).isEqualTo(mode);
    assertThat(longs(decision.status())).isEqualTo(status == null ? null : longs(Yaml.map(status)));
    switch (mode) {
      case SINGLETON -> {
        assertThat(decision.setLabels()).isEqualTo(Map.of(StatusDecision.SINGLETON_LABEL, "true"));
        assertThat(decision.removeLabels()).containsExactly(StatusDecision.MULTI_WEC_LABEL);
      }
      case MULTI_WEC -> {
        assertThat(decision.setLabels()).isEqualTo(Map.of(StatusDecision.MULTI_WEC_LABEL, "true"));
        assertThat(decision.removeLabels()).containsExactly(StatusDecision.SINGLETON_LABEL);
      }
      case CLEAR -> {
        assertThat(decision.setLabels()).isEmpty();
        assertThat(decision.removeLabels())
            .containsExactlyInAnyOrder(
                StatusDecision.SINGLETON_LABEL, StatusDecision.MULTI_WEC_LABEL);
      }
      case NOT_APPLICABLE -> {
        assertThat(decision.setLabels()).isEmpty();
        assertThat(decision.removeLabels()).isEmpty();
      }
    }
  }

  @Test
  void writesOnlyWhenStatusOrLabelsDiffer() {
    StatusDecision singleton =
        StatusCombiner.decide(
            DEPLOYMENT, wecs(true, List.of("c1"), false, List.of()), reports(REPORTS));
    Map<String, Object> current =
        Yaml.map(
            """
            metadata: {labels: {managed-by.kubestellar.io/singletonstatus: "true", app: web}}
            status: {replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 3}
            """);
    assertThat(singleton.requiresWrite(current)).isFalse();
    assertThat(
            singleton.requiresWrite(
                Yaml.map(
                    "metadata: {labels: {managed-by.kubestellar.io/singletonstatus: \"true\"}}")))
        .isTrue();
    assertThat(
            singleton.requiresWrite(
                Yaml.map(
                    """
                    metadata: {labels: {managed-by.kubestellar.io/singletonstatus: "true",
                               managed-by.kubestellar.io/multiwecstatus: "true"}}
                    status: {replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 3}
                    """)))
        .isTrue();

    StatusDecision clear =
        StatusCombiner.decide(DEPLOYMENT, wecs(false, List.of(), false, List.of()), Map.of());
    assertThat(clear.requiresWrite(Yaml.map("metadata: {name: web}"))).isFalse();
    assertThat(clear.requiresWrite(Yaml.map("metadata: {name: web}\nstatus: {}"))).isFalse();
    assertThat(clear.requiresWrite(Yaml.map("metadata: {name: web}\nstatus: {replicas: 1}")))
        .isTrue();
    assertThat(
            clear.requiresWrite(
                Yaml.map(
                    "metadata: {labels: {managed-by.kubestellar.io/multiwecstatus: \"true\"}}")))
        .isTrue();

    StatusDecision never =
        StatusCombiner.decide(
            new ObjectKey("", "namespaces", "", "ns"),
            wecs(true, List.of("c1"), false, List.of()),
            Map.of());
    assertThat(never.requiresWrite(Yaml.map("status: {phase: Active}"))).isFalse();
  }

  static QualifiedWecs wecs(
      boolean singleton, List<String> singletonSet, boolean multi, List<String> multiSet) {
    return new QualifiedWecs(
        singleton, new TreeSet<>(singletonSet), multi, new TreeSet<>(multiSet));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> reports(String yaml) {
    Map<String, Map<String, Object>> reports = new LinkedHashMap<>();
    Yaml.map(yaml).forEach((cluster, status) -> reports.put(cluster, (Map<String, Object>) status));
    return reports;
  }

  /**
   * A deep copy with every integer as Long, so maps compare exactly whatever integer type they
   * hold.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> longs(Map<String, Object> map) {
    return map == null ? null : (Map<String, Object>) longValue(map);
  }

  private static Object longValue(Object value) {
    if (value instanceof Integer i) {
      return Long.valueOf(i);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> result = new LinkedHashMap<>();
      m.forEach((k, v) -> result.put(String.valueOf(k), longValue(v)));
      return result;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(StatusCombinerTest::longValue).toList();
    }
    return value;
  }

  @Test
  void neverWrittenKinds() {
    assertThat(StatusCombiner.isNeverWritten(new ObjectKey("", "namespaces", "", "a"))).isTrue();
    assertThat(
            StatusCombiner.isNeverWritten(
                new ObjectKey("apiextensions.k8s.io", "customresourcedefinitions", "", "a")))
        .isTrue();
    assertThat(StatusCombiner.isNeverWritten(new ObjectKey("example.com", "namespaces", "", "a")))
        .isFalse();
    assertThat(StatusCombiner.isNeverWritten(DEPLOYMENT)).isFalse();
    assertThat(Set.of(StatusDecision.SINGLETON_LABEL, StatusDecision.MULTI_WEC_LABEL))
        .containsExactlyInAnyOrder(
            "managed-by.kubestellar.io/singletonstatus",
            "managed-by.kubestellar.io/multiwecstatus");
  }
}
