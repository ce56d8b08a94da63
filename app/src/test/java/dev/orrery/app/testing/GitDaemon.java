package dev.orrery.app.testing;

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
 * A real Git server for tests: Debian's {@code git daemon} on loopback serving bare repositories,
 * with push enabled, and a work clone per repository that tests change and push with the
 * {@code git} command line, as a user would.
 */
public final class GitDaemon implements AutoCloseable {
  private final Path root;
  private final int port;
  private final Process process;

  private GitDaemon(Path root, int port, Process process) {
    this.root = root;
    this.port = port;
    this.process = process;
  }

  public static GitDaemon start(Path root) throws IOException, InterruptedException {
    Files.createDirectories(root.resolve("served"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
        "--listen=127.0.0.1", "--port=" + port, "--base-path=" + root.resolve("served"), root.resolve("served").toString())
        .redirectErrorStream(true).redirectOutput(root.resolve("git-daemon.log").toFile()).start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (IOException notYet) {
        if (!p.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IOException("git daemon did not start: " + Files.readString(root.resolve("git-daemon.log")));
        }
        Thread.sleep(50);
      }
    }
    return new GitDaemon(root, port, p);
  }

  /** Creates a bare repository {@code name.git} with a work clone on branch main. */
  public WorkClone create(String name) throws IOException, InterruptedException {
    Path bare = root.resolve("served").resolve(name + ".git");
    git(root, "init", "--bare", "--initial-branch=main", bare.toString());
    Path work = root.resolve("work").resolve(name);
    Files.createDirectories(work);
    git(work, "init", "--initial-branch=main");
    git(work, "config", "user.email", "dev@example.com");
    git(work, "config", "user.name", "Dev");
    git(work, "remote", "add", "origin", url(name));
    return new WorkClone(work, url(name));
  }

  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name + ".git";
  }

  static String git(Path dir, String... args) throws IOException, InterruptedException {
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
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }

  /** A work tree whose commits are pushed to the daemon with the git command line. */
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

    /** Commits everything and pushes; returns the new commit id. */
    public String commitAndPush(String message) throws IOException, InterruptedException {
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", message);
      git(dir, "push", "-q", "origin", "main");
      return git(dir, "rev-parse", "HEAD");
    }
  }
}
