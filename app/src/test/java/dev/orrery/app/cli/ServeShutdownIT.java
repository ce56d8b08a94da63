package dev.orrery.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.spaces.Directories;
import dev.orrery.spaces.FreePorts;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code orrery serve} as its own process stops promptly on SIGTERM (what Kubernetes sends on every
 * rollout), rather than hanging until the grace period ends in SIGKILL.
 */
@WithSpaces
class ServeShutdownIT {

  @Test
  void serveExitsSoonAfterSigterm(LocalSpaces spaces) throws Exception {
    Path dir = Path.of("target", "serve-shutdown-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    Files.createDirectories(dir);
    int port = FreePorts.next();
    Path log = dir.resolve("serve.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process serve =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Dorrery.git-cache-dir=" + dir.resolve("git"),
                    OrreryCli.class.getName(),
                    "serve",
                    "--wds-kubeconfig",
                    spaces.wds().kubeconfig().toString(),
                    "--its-kubeconfig",
                    spaces.its().kubeconfig().toString(),
                    "--port",
                    String.valueOf(port)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 200);

      long sent = System.nanoTime();
      serve.destroy(); // SIGTERM
      boolean exited = serve.waitFor(30, TimeUnit.SECONDS);

      assertThat(exited)
          .as(() -> "serve still running 30 s after SIGTERM; log: " + read(log))
          .isTrue();
      System.out.printf(
          "serve exited %d ms after SIGTERM with %d%n",
          (System.nanoTime() - sent) / 1_000_000, serve.exitValue());
    } finally {
      serve.destroyForcibly();
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
