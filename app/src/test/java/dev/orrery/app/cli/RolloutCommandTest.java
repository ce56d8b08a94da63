package dev.orrery.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orrery rollout} without any cluster: flags, a missing kubeconfig, an unreachable WDS. */
class RolloutCommandTest {
  @TempDir Path dir;

  @Test
  void aSubcommandIsRequired() {
    CliRun run = CliRun.of("rollout");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("a subcommand is required (status, pause, resume, promote, abort)");
  }

  @Test
  void steeringNeedsABindingPolicy() {
    for (String sub : new String[] {"pause", "resume", "promote", "abort"}) {
      CliRun run = CliRun.of("rollout", sub);

      assertThat(run.code()).as(sub).isEqualTo(2);
      assertThat(run.err()).as(sub).contains("BINDINGPOLICY");
    }
  }

  @Test
  void anUnknownOutputFormatIsAUsageError() {
    CliRun run = CliRun.of("rollout", "status", "-o", "yaml");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--output").contains("yaml");
  }

  @Test
  void aTimeoutOutsideOneSecondToAnHourIsAUsageError() {
    CliRun run = CliRun.of("rollout", "pause", "web", "--timeout", "0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout must be between 1 and 3600 seconds");
  }

  @Test
  void aMissingWdsKubeconfigFailsWithItsPath() {
    Path missing = dir.resolve("nope.kubeconfig");

    CliRun run = CliRun.of("rollout", "status", "--wds-kubeconfig", missing.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "orrery rollout status: the WDS kubeconfig "
                + missing
                + " (--wds-kubeconfig) does not exist");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnreachableWdsFailsWithExitOne() throws IOException {
    Path kubeconfig =
        Files.writeString(dir.resolve("wds.kubeconfig"), CliRun.kubeconfig(CliRun.closedPort()));

    for (String[] args :
        new String[][] {
          {"rollout", "status", "--wds-kubeconfig", kubeconfig.toString(), "--timeout", "2"},
          {"rollout", "pause", "web", "--wds-kubeconfig", kubeconfig.toString(), "--timeout", "2"}
        }) {
      CliRun run = CliRun.of(args);

      assertThat(run.code()).as(args[1]).isEqualTo(1);
      assertThat(run.err())
          .as(args[1])
          .startsWith("orrery rollout " + args[1] + ": ")
          .contains("127.0.0.1");
      assertThat(run.out()).isEmpty();
    }
  }
}
