package dev.orrery.spaces.argocd;

import dev.orrery.spaces.ChildProcess;
import dev.orrery.spaces.FreePorts;
import dev.orrery.spaces.SpacesException;
import dev.orrery.spaces.StartupWait;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A throw-away {@code redis-server} (Debian's package) on a free loopback port, keeping nothing on
 * disk: the cache Argo CD's application controller and repo-server share.
 */
final class RedisServer {
  private RedisServer() {}

  /** Starts redis-server with its working directory and log under {@code dir}; returns its port. */
  static int start(Path dir, List<ChildProcess> started) {
    Path program = onPath("redis-server");
    int port = FreePorts.next();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SpacesException("cannot create " + dir, e);
    }
    ChildProcess redis =
        ChildProcess.start(
            "argocd/redis",
            List.of(
                program.toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--protected-mode",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no"),
            dir.resolve("redis.log"),
            Map.of());
    started.add(redis);
    StartupWait.until(
        "redis-server on port " + port,
        List.of(redis),
        Duration.ofSeconds(30),
        () -> listening(port));
    return port;
  }

  static boolean listening(int port) {
    try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin")) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new SpacesException(
        program
            + " is not installed: Argo CD's application controller and repo-server need Redis"
            + " (Debian: apt-get install -y redis-server)");
  }
}
