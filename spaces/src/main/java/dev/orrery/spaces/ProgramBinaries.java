package dev.orrery.spaces;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real programs behind local spaces, as built from pinned Go modules by {@code spaces/go/build.sh}
 * into a cache outside the repository.
 */
public record ProgramBinaries(
    Path etcd,
    Path kubeApiserver,
    Path kubeControllerManager,
    Path kubeScheduler,
    Path kubectl,
    Path kwok,
    Path kwokStages,
    Path workAgent,
    Path ocmCrds) {

  private static ProgramBinaries located;

  /**
   * Runs the build script (which only builds what its cache lacks) and returns where the programs
   * are. The repository root is {@code -Dorrery.root}, {@code $ORRERY_ROOT}, or the nearest parent
   * of the working directory that holds {@code spaces/go/build.sh}.
   */
  public static synchronized ProgramBinaries locate() {
    if (located == null) {
      located = build(repositoryRoot());
    }
    return located;
  }

  static Path repositoryRoot() {
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
        "cannot find spaces/go/build.sh above " + Path.of("").toAbsolutePath()
            + "; run from the Orrery repository or set ORRERY_ROOT");
  }

  private static ProgramBinaries build(Path root) {
    Path script = root.resolve("spaces/go/build.sh");
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString(), "kubernetes", "etcd", "kwok", "ocm")
            .redirectError(ProcessBuilder.Redirect.INHERIT);
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
    Path kube = dirs.get("kubernetes");
    Path ocm = dirs.get("ocm");
    Path kwok = dirs.get("kwok");
    return new ProgramBinaries(
        dirs.get("etcd").resolve("etcd"),
        kube.resolve("kube-apiserver"),
        kube.resolve("kube-controller-manager"),
        kube.resolve("kube-scheduler"),
        kube.resolve("kubectl"),
        kwok.resolve("kwok"),
        kwok.resolve("stages.yaml"),
        ocm.resolve("work"),
        ocm.resolve("crds"));
  }
}
