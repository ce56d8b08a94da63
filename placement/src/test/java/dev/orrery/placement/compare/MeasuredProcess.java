package dev.orrery.placement.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A controller under measurement in its own process, with its log in a file: CPU seconds (user +
 * system, from {@code /proc/<pid>/stat}) and peak RSS ({@code VmHWM}, which {@link #resetPeak} sets
 * back to the current RSS).
 */
final class MeasuredProcess implements AutoCloseable {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
  final String name;
  final Path log;
  private final Process process;

  private MeasuredProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  static MeasuredProcess start(String name, List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new MeasuredProcess(name, log, p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Waits until the log holds {@code marker}; fails if the process exits first. */
  void awaitLog(String marker, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (logText().contains(marker)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited: " + tail());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " did not log '" + marker + "' in time: " + tail());
  }

  double cpuSeconds() {
    String stat = read(Path.of("/proc", String.valueOf(process.pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields after the command: state(3) ... utime(14) stime(15), counted from 1 in proc(5)
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  long peakRssKib() {
    for (String line : read(statusPath()).split("\n")) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmHWM for " + name);
  }

  void resetPeak() {
    try {
      Files.writeString(Path.of("/proc", String.valueOf(process.pid()), "clear_refs"), "5");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  String tail() {
    String t = logText();
    return t.substring(Math.max(0, t.length() - 3000));
  }

  private Path statusPath() {
    return Path.of("/proc", String.valueOf(process.pid()), "status");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // closing anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
