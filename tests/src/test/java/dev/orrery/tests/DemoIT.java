package dev.orrery.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.cli.OrreryCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code orrery demo}, non-interactively: real spaces with 3 WECs, the example repository from a
 * local Git server, Orrery running on them, until every workload is available on its clusters.
 */
class DemoIT {

  @Test
  void theDemoBringsEveryWorkloadOfTheExampleRepositoryToItsClusters() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintWriter out =
        new PrintWriter(new PrintStream(captured, true, StandardCharsets.UTF_8), true);
    CommandLine cli = new CommandLine(new OrreryCli());
    cli.setOut(out);
    cli.setErr(out);
    int rc =
        cli.execute(
            "demo",
            "--exit-when-ready",
            "--timeout",
            "300",
            "--dir",
            Path.of("target", "demo").toAbsolutePath().toString());
    String output = captured.toString(StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(rc).as(output).isZero();
    assertThat(output)
        .as("the dashboard URL comes first")
        .startsWith("Dashboard: http://localhost:");
    assertThat(output)
        .contains(
            "Every workload is available",
            "Waiting for Orrery to write what runs where to branch orrery-status",
            "git clone -b orrery-status");
    String lastTable = output.substring(output.lastIndexOf("GITSOURCE"));
    assertThat(lastTable)
        .contains("default/fleet            True")
        .containsPattern("cluster1 .*web/frontend 2/2.*api/backend 3/3")
        .containsPattern("cluster2 .*web/frontend 2/2.*api/backend 3/3")
        .containsPattern("cluster3 .*greeter/greeter 2/2.*api/backend 3/3");
  }
}
