package dev.orrery.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionsControllerTest {

  /** Records what it was asked to do. */
  static final class RecordingAction implements DashboardAction {
    final List<Map<String, String>> performed = new ArrayList<>();

    @Override
    public String name() {
      return "record";
    }

    @Override
    public String description() {
      return "records";
    }

    @Override
    public String perform(Map<String, String> parameters) {
      performed.add(parameters);
      return "done";
    }
  }

  @Test
  void aReadOnlyDashboardRefusesEveryWriteBeforeLookingAtTheToken() {
    RecordingAction action = new RecordingAction();
    // No WDS client: the read-only check must come before any token lookup.
    ActionsController controller =
        new ActionsController(
            new DashboardConfig(false, "orrery-system/orrery-dashboard", 10, 200),
            List.of(action),
            null);
    var response =
        controller.perform(
            "record", "Bearer whatever", "{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(response.code()).isEqualTo(403);
    assertThat(response.body()).contains("read-only");
    assertThat(action.performed).isEmpty();
    assertThat(controller.list().get("enabled")).isEqualTo(false);
    assertThat(controller.list().get("actions").toString()).contains("record");
  }
}
