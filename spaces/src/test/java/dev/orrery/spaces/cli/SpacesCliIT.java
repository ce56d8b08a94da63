package dev.orrery.spaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.spaces.Directories;
import dev.orrery.spaces.RunState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code spaces up} leaves real spaces running and prints their kubeconfigs; {@code spaces down}
 * stops them all.
 */
class SpacesCliIT {

  @Test
  void upLeavesSpacesRunningAndDownStopsEveryProcess() throws Exception {
    Path dir = Path.of("target", "spaces", getClass().getSimpleName()).toAbsolutePath();
    Directories.deleteRecursively(dir);

    StringWriter up = new StringWriter();
    int rc =
        run(
            up,
            "up",
            "--wecs",
            "1",
            "--label",
            "name=edge1,location-group=edge",
            "--dir",
            dir.toString());
    assertThat(rc).as(up.toString()).isZero();
    assertThat(up.toString())
        .contains("wds", "its", "edge1", dir.resolve("its/kubeconfig").toString());

    RunState state = RunState.read(dir).orElseThrow();
    assertThat(state.kubeconfigs()).containsOnlyKeys("wds", "its", "edge1");
    assertThat(state.kubeconfigs().values()).allMatch(Files::isRegularFile);
    List<Long> pids = state.pids();
    assertThat(pids)
        .isNotEmpty()
        .allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));

    StringWriter again = new StringWriter();
    assertThat(run(again, "up", "--dir", dir.toString()))
        .as("a second 'up' on a live run is refused")
        .isEqualTo(2);

    StringWriter status = new StringWriter();
    assertThat(run(status, "status", "--dir", dir.toString())).isZero();

    StringWriter down = new StringWriter();
    assertThat(run(down, "down", "--dir", dir.toString())).isZero();
    assertThat(down.toString()).contains("Stopped " + pids.size());
    assertThat(pids)
        .allMatch(p -> ProcessHandle.of(p).isEmpty() || !ProcessHandle.of(p).get().isAlive());
    assertThat(RunState.read(dir)).isEmpty();
  }

  @Test
  void badLabelIsAUsageError() {
    StringWriter out = new StringWriter();
    assertThat(run(out, "up", "--wecs", "1", "--label", "no-equals-sign", "--dir", "target/never"))
        .isNotZero();
  }

  private static int run(StringWriter out, String... args) {
    CommandLine cli = new CommandLine(new SpacesCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args);
  }
}
