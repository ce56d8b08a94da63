package dev.orrery.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orrery serve} refuses to start, with one sentence and exit 1, when a space cannot be used.
 */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void aMissingKubeconfigIsNamed() {
    Path missing = dir.resolve("nope.kubeconfig");

    CliRun run = CliRun.of("serve", "--wds-kubeconfig", missing.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "orrery serve: the WDS kubeconfig "
                + missing
                + " (orrery.wds-kubeconfig) does not exist or is not a file\n");
  }

  @Test
  void theKubeconfigsOfAConfigurationFileAreCheckedToo() throws Exception {
    Path missing = dir.resolve("its.kubeconfig");
    Path wds = Files.writeString(dir.resolve("wds.kubeconfig"), CliRun.kubeconfig(1));
    Path config =
        Files.writeString(
            dir.resolve("application.yml"), "orrery:\n  its-kubeconfig: " + missing + "\n");
    System.setProperty("micronaut.config.files", config.toString());
    try {
      CliRun run = CliRun.of("serve", "--wds-kubeconfig", wds.toString());

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err())
          .contains("the ITS kubeconfig " + missing + " (orrery.its-kubeconfig) does not exist");
    } finally {
      System.clearProperty("micronaut.config.files");
    }
  }

  @Test
  void anUnreachableSpaceIsNamedWithItsUrl() throws Exception {
    int port = CliRun.closedPort();
    Path kubeconfig = Files.writeString(dir.resolve("wds.kubeconfig"), CliRun.kubeconfig(port));

    CliRun run =
        CliRun.of(
            "serve",
            "--wds-kubeconfig",
            kubeconfig.toString(),
            "--its-kubeconfig",
            kubeconfig.toString(),
            "--startup-timeout",
            "2");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("orrery serve: the WDS at https://127.0.0.1:" + port + "/ does not answer: ")
        .doesNotContain("\tat ");
  }

  @Test
  void anUnknownContextIsNamed() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("wds.kubeconfig"), CliRun.kubeconfig(1));

    CliRun run =
        CliRun.of("serve", "--wds-kubeconfig", kubeconfig.toString(), "--wds-context", "prod");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("has no context prod (it has: local)");
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertThat(CliRun.of("serve", "--port", "70000").code()).isEqualTo(2);
    assertThat(CliRun.of("serve", "--startup-timeout", "0").code()).isEqualTo(2);
    assertThat(CliRun.of("serve", "--no-such-flag").code()).isEqualTo(2);
  }
}
