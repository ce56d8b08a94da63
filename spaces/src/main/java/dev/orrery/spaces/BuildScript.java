package dev.orrery.spaces;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code spaces/go/build.sh}, which builds pinned Go modules into a cache outside the
 * repository (only what the cache lacks), and reads where each module's programs are.
 */
public final class BuildScript {
  private BuildScript() {}

  /**
   * Builds {@code modules} (or finds them cached) and returns each module's output directory. The
   * script's progress goes to this JVM's standard error.
   */
  public static Map<String, Path> run(String... modules) {
    Path script = repositoryRoot().resolve("spaces/go/build.sh");
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(modules));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, Path> dirs = new HashMap<>();
    try {
      Process process = pb.start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            dirs.put(line.substring(0, eq), Path.of(line.substring(eq + 1)));
          }
        }
      }
      int rc = process.waitFor();
      if (rc != 0) {
        throw new SpacesException(
            script + " failed with exit code " + rc + " (its message is printed above)");
      }
    } catch (IOException e) {
      throw new SpacesException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpacesException("interrupted while building the local programs", e);
    }
    for (String module : modules) {
      if (!dirs.containsKey(module)) {
        throw new SpacesException(script + " did not report where it built " + module);
      }
    }
    return Map.copyOf(dirs);
  }

  /**
   * The repository root: {@code -Dorrery.root}, {@code $ORRERY_ROOT}, or the nearest parent of the
   * working directory that holds {@code spaces/go/build.sh}.
   */
  public static Path repositoryRoot() {
    String configured = System.getProperty("orrery.root", System.getenv("ORRERY_ROOT"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("spaces/go/build.sh"))) {
        return dir;
      }
    }
    throw new SpacesException(
        "cannot find spaces/go/build.sh above "
            + Path.of("").toAbsolutePath()
            + "; run from the Orrery repository or set ORRERY_ROOT");
  }
}
