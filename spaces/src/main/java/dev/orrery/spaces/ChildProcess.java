package dev.orrery.spaces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One program of a local space running as a child process, its output in a log file. Every child is
 * remembered until stopped, and a JVM shutdown hook stops whatever is still running.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
  private static final Duration GRACE = Duration.ofSeconds(5);

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildProcess::stopAllOnExit, "orrery-spaces-shutdown"));
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final List<String> command;
  private final Map<String, String> env;
  private volatile boolean detached;

  private ChildProcess(
      String name, Process process, Path log, List<String> command, Map<String, String> env) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
  }

  /**
   * Starts the same command line again (same name, log, environment; so the same ports and data
   * directories) as a new child; this one should have been stopped first.
   */
  public ChildProcess again() {
    return start(name, command, log, env);
  }

  /** Starts {@code command} with its standard output and error appended to {@code log}. */
  public static ChildProcess start(
      String name, List<String> command, Path log, Map<String, String> env) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().putAll(env);
      ChildProcess child = new ChildProcess(name, pb.start(), log, command, env);
      RUNNING.add(child);
      LOG.debug("started {} (pid {}), log {}", name, child.pid(), log);
      return child;
    } catch (IOException e) {
      throw new SpacesException(
          "cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the tail of the log when the process has already exited. */
  public void checkAlive() {
    if (!process.isAlive()) {
      throw new SpacesException(
          name
              + " exited with code "
              + process.exitValue()
              + "; last lines of "
              + log
              + ":\n"
              + tail(20));
    }
  }

  /** The last {@code lines} lines of the log, for error messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Waits until the process exits and returns its exit code; when {@code timeout} passes first,
   * stops it and fails with the tail of its log.
   */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new SpacesException(
            name
                + " did not finish within "
                + timeout.toSeconds()
                + "s; last lines of "
                + log
                + ":\n"
                + tail(20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new SpacesException("interrupted while waiting for " + name, e);
    }
    RUNNING.remove(this);
    return process.exitValue();
  }

  /**
   * Leaves the process running after this JVM exits (for {@code spaces up}); it must then be
   * stopped by pid.
   */
  public void detach() {
    detached = true;
    RUNNING.remove(this);
  }

  /** Stops the process: SIGTERM, then SIGKILL after a grace period; waits until it is gone. */
  @Override
  public void close() {
    RUNNING.remove(this);
    stop(process.toHandle());
  }

  /** Stops a process and its descendants given its handle; used for detached processes too. */
  public static void stop(ProcessHandle handle) {
    List<ProcessHandle> family = new java.util.ArrayList<>(handle.descendants().toList());
    family.add(handle);
    family.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : family) {
      try {
        p.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception timeoutOrInterrupt) {
        p.destroyForcibly();
        try {
          p.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
          LOG.warn("process {} did not exit after SIGKILL", p.pid());
        }
      }
    }
  }

  /** Processes started here and not yet stopped or detached. */
  public static Set<ChildProcess> running() {
    return Set.copyOf(RUNNING);
  }

  private static void stopAllOnExit() {
    RUNNING.parallelStream().forEach(ChildProcess::close);
  }

  @Override
  public String toString() {
    return name + "[pid " + pid() + (detached ? ", detached" : "") + "]";
  }
}
