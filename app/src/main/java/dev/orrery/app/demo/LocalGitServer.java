package dev.orrery.app.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Git server on loopback: {@code git daemon} serving bare repositories (push enabled), plus
 * work clones that are changed and pushed with the {@code git} command line. Used by the demo and
 * by tests.
 */
public final class LocalGitServer implements AutoCloseable {
  private final Path root;
  private final int port;
  private Process process;

  private LocalGitServer(Path root, int port, Process process) {
    this.root = root;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts {@code git daemon} serving {@code root/served}; fails with its log if it does not come
   * up.
   */
  public static LocalGitServer start(Path root) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return new LocalGitServer(root, port, daemon(root, port));
  }

  /**
   * Stops the server (as an outage would): connections to its port are refused until {@link
   * #resume()}. The repositories stay on disk.
   */
  public void stop() {
    close();
  }

  /** Starts the server again on the same port, serving the same repositories. */
  public void resume() throws IOException, InterruptedException {
    if (process.isAlive()) {
      return;
    }
    process = daemon(root, port);
  }

  private static Process daemon(Path root, int port) throws IOException, InterruptedException {
    Path served = Files.createDirectories(root.resolve("served"));
    Path log = root.resolve("git-daemon.log");
    Process p =
        new ProcessBuilder(
                "git",
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--enable=receive-pack",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + served,
                served.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return p;
      } catch (IOException notYet) {
        if (!p.isAlive() || Instant.now().isAfter(deadline)) {
          p.destroyForcibly();
          throw new IOException("git daemon did not start: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
    }
  }

  /** Creates bare repository {@code name.git} and a work clone on branch main pointing at it. */
  public WorkClone create(String name) throws IOException, InterruptedException {
    Path bare = root.resolve("served").resolve(name + ".git");
    git(root, "init", "-q", "--bare", "--initial-branch=main", bare.toString());
    Path work = Files.createDirectories(root.resolve("work").resolve(name));
    git(work, "init", "-q", "--initial-branch=main");
    git(work, "config", "user.email", "demo@orrery.dev");
    git(work, "config", "user.name", "Orrery demo");
    git(work, "remote", "add", "origin", url(name));
    return new WorkClone(work, url(name));
  }

  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name + ".git";
  }

  /**
   * Runs the {@code git} command line in {@code dir}; its output, or an IOException saying why it
   * failed.
   */
  public static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out.strip();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A work tree whose commits are pushed to the server with the git command line. */
  public record WorkClone(Path dir, String url) {
    public WorkClone write(String path, String content) throws IOException {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return this;
    }

    public WorkClone delete(String path) throws IOException {
      Files.delete(dir.resolve(path));
      return this;
    }

    /** Copies a directory tree into the work clone (e.g. the example repository). */
    public WorkClone copyFrom(Path source) throws IOException {
      try (var walk = Files.walk(source)) {
        for (Path p : walk.toList()) {
          Path target = dir.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return this;
    }

    /** Commits everything and pushes; returns the new commit id. */
    public String commitAndPush(String message) throws IOException, InterruptedException {
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", message);
      git(dir, "push", "-q", "origin", "main");
      return git(dir, "rev-parse", "HEAD");
    }
  }
}
