package dev.orrery.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportSpecTest {

  @Test
  void absentMeansOff() {
    ReportSpec spec = ReportSpec.parse(null);

    assertThat(spec.commits()).isFalse();
    assertThat(spec.forgeStatuses()).isFalse();
    assertThat(spec.pullRequestPreviews()).isFalse();
    assertThat(spec.directory("team", "apps")).isEqualTo("team/apps");
  }

  @Test
  void aPathPutsTheFilesUnderItsDirectory() {
    ReportSpec spec =
        ReportSpec.parse(Map.of("mode", "commit", "branch", "ops", "path", "/status/fleet/"));

    assertThat(spec.branch()).isEqualTo("ops");
    assertThat(spec.directory("team", "apps")).isEqualTo("status/fleet/team/apps");
  }

  @Test
  void forgeModePreviewsPullRequestsUnlessTurnedOff() {
    Map<String, Object> forge =
        Map.of(
            "kind",
            "gitea",
            "url",
            "https://git.example.com",
            "tokenSecretRef",
            Map.of("name", "token"));

    assertThat(ReportSpec.parse(Map.of("mode", "forge", "forge", forge)).pullRequestPreviews())
        .isTrue();
    assertThat(
            ReportSpec.parse(Map.of("mode", "forge", "forge", forge, "previews", false))
                .pullRequestPreviews())
        .isFalse();
    assertThat(ReportSpec.parse(Map.of("mode", "forge", "forge", forge)).forge().tokenKey())
        .isEqualTo("token");
  }
}
