package dev.orrery.app.ha;

import dev.orrery.app.cli.OrreryCli;
import dev.orrery.spaces.FreePorts;
import dev.orrery.spaces.LocalSpaces;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One {@code orrery serve} replica as its own process, with its log in a file. */
final class ReplicaProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  final String identity;
  final int port;
  final Path log;
  final Process process;

  private ReplicaProcess(String identity, int port, Path log, Process process) {
    this.identity = identity;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts replica {@code identity} against the spaces, with these extra system properties. */
  static ReplicaProcess start(
      LocalSpaces spaces, Path dir, String identity, Map<String, String> properties)
      throws IOException {
    int port = FreePorts.next();
    Path log = dir.resolve(identity + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorrery.git-cache-dir=" + dir.resolve("git-" + identity));
    cmd.add("-Dorrery.leader-election.identity=" + identity);
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(
        List.of(
            OrreryCli.class.getName(),
            "serve",
            "--wds-kubeconfig",
            spaces.wds().kubeconfig().toString(),
            "--its-kubeconfig",
            spaces.its().kubeconfig().toString(),
            "--port",
            String.valueOf(port)));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ReplicaProcess(identity, port, log, p);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The body of {@code /health/readiness} when it answers 200, else null. */
  String readiness() {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "/health/readiness")).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Sends a signal (e.g. STOP, CONT) to the process. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " failed");
    }
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        signal("CONT");
      } catch (IOException | InterruptedException e) {
        // it is being killed anyway
      }
      process.destroyForcibly();
    }
  }
}
