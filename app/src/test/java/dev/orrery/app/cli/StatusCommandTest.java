package dev.orrery.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orrery status} without any cluster: flags, missing and unusable kubeconfigs, an
 * unreachable WDS.
 */
class StatusCommandTest {
  @TempDir Path dir;

  @Test
  void anUnknownOutputFormatIsAUsageError() {
    CliRun run = CliRun.of("status", "--output", "yaml");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--output").contains("yaml");
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    CliRun run = CliRun.of("status", "--no-such-flag");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--no-such-flag");
  }

  @Test
  void aTimeoutOutsideOneSecondToAnHourIsAUsageError() {
    for (String timeout : new String[] {"0", "3601"}) {
      CliRun run = CliRun.of("status", "--timeout", timeout);

      assertThat(run.code()).as(timeout).isEqualTo(2);
      assertThat(run.err()).contains("--timeout must be between 1 and 3600 seconds");
    }
  }

  @Test
  void aMissingWdsKubeconfigFailsWithItsPath() {
    Path missing = dir.resolve("nope.kubeconfig");

    CliRun run = CliRun.of("status", "--wds-kubeconfig", missing.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "orrery status: the WDS kubeconfig " + missing + " (--wds-kubeconfig) does not exist");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingItsKubeconfigFailsWithItsPath() throws IOException {
    Path wds = Files.writeString(dir.resolve("wds.kubeconfig"), CliRun.kubeconfig(1));
    Path missing = dir.resolve("its.kubeconfig");

    CliRun run =
        CliRun.of(
            "status", "--wds-kubeconfig", wds.toString(), "--its-kubeconfig", missing.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("the ITS kubeconfig " + missing + " (--its-kubeconfig) does not exist");
  }

  @Test
  void anUnreachableWdsFailsQuicklyNamingItsServer() throws IOException {
    int port = CliRun.closedPort();
    Path kubeconfig = Files.writeString(dir.resolve("wds.kubeconfig"), CliRun.kubeconfig(port));
    Instant started = Instant.now();

    CliRun run =
        CliRun.of(
            "status",
            "--wds-kubeconfig",
            kubeconfig.toString(),
            "--its-kubeconfig",
            kubeconfig.toString(),
            "--timeout",
            "2");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("orrery status: cannot reach the WDS at https://127.0.0.1:" + port);
    assertThat(run.out()).isEmpty();
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aKubeconfigWithAnUnknownContextIsUnusable() throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("wds.kubeconfig"), CliRun.kubeconfig(1));

    CliRun run =
        CliRun.of(
            "status",
            "--wds-kubeconfig",
            kubeconfig.toString(),
            "--wds-context",
            "no-such-context",
            "--its-kubeconfig",
            kubeconfig.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "orrery status: the WDS kubeconfig "
                + kubeconfig
                + " has no context no-such-context (it has: local)");
  }
}
