package dev.orrery.app.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutRequestTest {
  static final Instant NOW = Instant.parse("2026-12-06T16:00:00Z");

  @Test
  void pauseAndResumeSetAndRemoveThePausedAnnotation() {
    assertThat(RolloutRequest.PAUSE.annotations(NOW))
        .containsExactly(Map.entry("rollout.orrery.dev/paused", "true"));
    assertThat(RolloutRequest.RESUME.annotations(NOW))
        .containsOnlyKeys("rollout.orrery.dev/paused")
        .containsValue(null);
  }

  @Test
  void promoteAndAbortWriteAFreshValueEachTime() {
    assertThat(RolloutRequest.PROMOTE.annotations(NOW))
        .containsExactly(Map.entry("rollout.orrery.dev/promote", "2026-12-06T16:00:00Z"));
    assertThat(RolloutRequest.ABORT.annotations(NOW.plusSeconds(1)))
        .containsExactly(Map.entry("rollout.orrery.dev/abort", "2026-12-06T16:00:01Z"));
  }

  @Test
  void theMergePatchRemovesWithNull() throws Exception {
    String json =
        new ObjectMapper()
            .writeValueAsString(RolloutRequest.mergePatch(RolloutRequest.RESUME.annotations(NOW)));

    assertThat(json)
        .isEqualTo("{\"metadata\":{\"annotations\":{\"rollout.orrery.dev/paused\":null}}}");
  }
}
