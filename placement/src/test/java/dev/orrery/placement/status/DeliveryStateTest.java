package dev.orrery.placement.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryStateTest {

  static Stream<Arguments> oneWork() {
    return Stream.of(
        Arguments.of(
            "applied and available",
            "[{type: Applied, status: 'True'}, {type: Available, status: 'True'}]",
            DeliveryState.AVAILABLE),
        Arguments.of(
            "current generation",
            "[{type: Applied, status: 'True', observedGeneration: 3},"
                + " {type: Available, status: 'True', observedGeneration: 3}]",
            DeliveryState.AVAILABLE),
        Arguments.of("no status yet", "[]", DeliveryState.PROGRESSING),
        Arguments.of(
            "applied, availability unknown",
            "[{type: Applied, status: 'True'}]",
            DeliveryState.PROGRESSING),
        Arguments.of(
            "an older generation",
            "[{type: Applied, status: 'True', observedGeneration: 2},"
                + " {type: Available, status: 'True', observedGeneration: 3}]",
            DeliveryState.PROGRESSING),
        Arguments.of(
            "progressing reported",
            "[{type: Applied, status: 'True'}, {type: Available, status: 'True'},"
                + " {type: Progressing, status: 'True'}]",
            DeliveryState.PROGRESSING),
        Arguments.of(
            "apply failed",
            "[{type: Applied, status: 'False'}, {type: Available, status: 'True'}]",
            DeliveryState.DEGRADED),
        Arguments.of(
            "not available",
            "[{type: Applied, status: 'True'}, {type: Available, status: 'False'}]",
            DeliveryState.DEGRADED),
        Arguments.of(
            "degraded reported",
            "[{type: Applied, status: 'True'}, {type: Available, status: 'True'},"
                + " {type: Degraded, status: 'True', observedGeneration: 3}]",
            DeliveryState.DEGRADED),
        Arguments.of(
            "an old failure, new generation not yet seen",
            "[{type: Applied, status: 'False',"
                + " observedGeneration: 2}, {type: Available, status: 'True', observedGeneration: 2}]",
            DeliveryState.PROGRESSING),
        Arguments.of(
            "an old degradation",
            "[{type: Applied, status: 'True', observedGeneration: 3},"
                + " {type: Available, status: 'True', observedGeneration: 3},"
                + " {type: Degraded, status: 'True', observedGeneration: 2}]",
            DeliveryState.AVAILABLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneWork")
  void oneWorksConditionsGiveItsState(String why, String conditions, DeliveryState expected) {
    assertThat(DeliveryState.of(List.of(work(3, conditions)))).isEqualTo(expected);
  }

  @Test
  void noWorkIsUnknown() {
    assertThat(DeliveryState.of(List.of())).isEqualTo(DeliveryState.UNKNOWN);
  }

  @Test
  void severalWorksGiveTheWorstState() {
    Map<String, Object> ok =
        work(1, "[{type: Applied, status: 'True'}, {type: Available, status: 'True'}]");
    Map<String, Object> waiting = work(1, "[]");
    Map<String, Object> failed =
        work(1, "[{type: Applied, status: 'False'}, {type: Available, status: 'True'}]");
    assertThat(DeliveryState.of(List.of(ok, ok))).isEqualTo(DeliveryState.AVAILABLE);
    assertThat(DeliveryState.of(List.of(ok, waiting))).isEqualTo(DeliveryState.PROGRESSING);
    assertThat(DeliveryState.of(List.of(waiting, failed, ok))).isEqualTo(DeliveryState.DEGRADED);
  }

  @Test
  void apiNamesAreTheTemplateSpellings() {
    assertThat(Stream.of(DeliveryState.values()).map(DeliveryState::apiName))
        .containsExactly("Available", "Progressing", "Degraded", "Unknown");
  }

  private static Map<String, Object> work(int generation, String conditions) {
    return Yaml.map(
        """
        metadata: {name: w, namespace: cluster1, generation: %d}
        status: {conditions: %s}
        """
            .formatted(generation, conditions));
  }
}
