package dev.orrery.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code orrery status} without any cluster: flags, missing and unusable kubeconfigs, an unreachable WDS. */
class StatusCommandTest {
  @TempDir Path dir;

  @Test
  void anUnknownOutputFormatIsAUsageError() {
    Run run = run("status", "--output", "yaml");

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("--output").contains("yaml");
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    Run run = run("status", "--no-such-flag");

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("--no-such-flag");
  }

  @Test
  void aTimeoutOutsideOneSecondToAnHourIsAUsageError() {
    for (String timeout : new String[] {"0", "3601"}) {
      Run run = run("status", "--timeout", timeout);

      assertThat(run.code).as(timeout).isEqualTo(2);
      assertThat(run.err).contains("--timeout must be between 1 and 3600 seconds");
    }
  }

  @Test
  void aMissingWdsKubeconfigFailsWithItsPath() {
    Path missing = dir.resolve("nope.kubeconfig");

    Run run = run("status", "--wds-kubeconfig", missing.toString());

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).contains("orrery status: the WDS kubeconfig " + missing + " (--wds-kubeconfig) does not exist");
    assertThat(run.out).isEmpty();
  }

  @Test
  void aMissingItsKubeconfigFailsWithItsPath() throws IOException {
    Path wds = Files.writeString(dir.resolve("wds.kubeconfig"), kubeconfig(1));
    Path missing = dir.resolve("its.kubeconfig");

    Run run = run("status", "--wds-kubeconfig", wds.toString(), "--its-kubeconfig", missing.toString());

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).contains("the ITS kubeconfig " + missing + " (--its-kubeconfig) does not exist");
  }

  @Test
  void anUnreachableWdsFailsQuicklyNamingItsServer() throws IOException {
    int port = closedPort();
    Path kubeconfig = Files.writeString(dir.resolve("wds.kubeconfig"), kubeconfig(port));
    Instant started = Instant.now();

    Run run = run("status", "--wds-kubeconfig", kubeconfig.toString(), "--its-kubeconfig", kubeconfig.toString(),
        "--timeout", "2");

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).contains("orrery status: cannot reach the WDS at https://127.0.0.1:" + port);
    assertThat(run.out).isEmpty();
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aKubeconfigWithAnUnknownContextIsUnusable() throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("wds.kubeconfig"), kubeconfig(1));

    Run run = run("status", "--wds-kubeconfig", kubeconfig.toString(), "--wds-context", "no-such-context",
        "--its-kubeconfig", kubeconfig.toString());

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).contains("orrery status: the WDS kubeconfig " + kubeconfig + " has no context no-such-context (it has: local)");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String kubeconfig(int port) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
        - name: me
          user: {token: not-a-real-token}
        contexts:
        - name: local
          context: {cluster: local, user: me}
        current-context: local
        """.formatted(port);
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = OrreryCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int code, String out, String err) {}
}
