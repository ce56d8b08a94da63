package dev.orrery.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JVM that starts spaces and exits without closing them leaves nothing behind: the shutdown hook
 * stops every process it started.
 */
class JvmExitCleanupIT {

  /** Run in a child JVM: starts spaces, prints their pids, exits without closing them. */
  public static void main(String[] args) {
    LocalSpaces spaces =
        LocalSpaces.builder().directory(Path.of(args[0])).wec("exit1", Map.of()).start();
    StringBuilder pids = new StringBuilder("PIDS");
    spaces.processes().forEach(p -> pids.append(' ').append(p.pid()));
    System.out.println(pids);
    System.out.flush();
    System.exit(0);
  }

  @Test
  void processesStartedByAJvmThatExitsAreStopped() throws Exception {
    Path dir = Path.of("target", "spaces", getClass().getSimpleName()).toAbsolutePath();
    Directories.deleteRecursively(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorrery.root=" + BuildScript.repositoryRoot(),
                JvmExitCleanupIT.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(output).isZero();
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("PIDS"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(output));
    List<Long> pids = new ArrayList<>();
    Arrays.stream(line.substring(4).trim().split(" ")).forEach(p -> pids.add(Long.parseLong(p)));
    assertThat(pids).hasSizeGreaterThanOrEqualTo(10);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(pids)
                    .allMatch(p -> ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true)));
  }
}
