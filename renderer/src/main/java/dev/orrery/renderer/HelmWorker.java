package dev.orrery.renderer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Helm in a child JVM ({@link HelmWorkerMain}), one process for this JVM, reused from render
 * to render, so that a chart cannot take Orrery down with it: a run that takes longer than its
 * timeout (counted from the request, once the worker has loaded Helm) (a template that loops) or
 * prints more than its bound (a template that emits gigabytes) gets the process killed and reported
 * as an error, and the next run starts a fresh process. Helm's Go runtime, its memory and its
 * signal handlers stay out of this JVM. Runs are serialized.
 */
final class HelmWorker {

  /** Helm failed, ran too long, printed too much, or the worker could not run it. */
  static final class HelmRunException extends Exception {
    private static final long serialVersionUID = 1L;

    HelmRunException(String message) {
      super(message, null, false, false);
    }
  }

  static final byte OK = 0;
  static final byte FAILED = 1;
  static final byte TOO_LARGE = 2;

  private static final Logger LOG = LoggerFactory.getLogger(HelmWorker.class);

  /**
   * How long a new worker may take to load Helm (a JVM and Helm's native library): not part of a
   * run's timeout.
   */
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private static final HelmWorker INSTANCE = new HelmWorker();
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "orrery-helm-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  private volatile Process process;
  private DataOutputStream requests;
  private DataInputStream responses;

  private HelmWorker() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "orrery-helm-worker-stop"));
  }

  static HelmWorker get() {
    return INSTANCE;
  }

  /**
   * Runs {@code invocation} within {@code timeout}, refusing output longer than {@code
   * maxOutputBytes}.
   */
  synchronized String run(HelmInvocation invocation, Duration timeout, long maxOutputBytes)
      throws HelmRunException {
    ensureStarted();
    Process running = process;
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            () -> {
              timedOut.set(true);
              running.destroyForcibly();
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      send(invocation, maxOutputBytes);
      byte status = responses.readByte();
      long length = responses.readLong();
      if (status == TOO_LARGE || length > maxOutputBytes || length > Integer.MAX_VALUE - 8) {
        stop();
        throw new HelmRunException(
            "Helm printed more than the limit of "
                + maxOutputBytes
                + " bytes (maxHelmOutputBytes); does a template emit without bound?");
      }
      String text = new String(responses.readNBytes((int) length), StandardCharsets.UTF_8);
      if (status != OK) {
        throw new HelmRunException(text);
      }
      return text;
    } catch (IOException e) {
      stop();
      if (timedOut.get()) {
        throw new HelmRunException(
            "Helm did not finish within "
                + timeout.toSeconds()
                + " s (helmTimeout) and was stopped; does a template loop?");
      }
      throw new HelmRunException(
          "the Helm worker process stopped ("
              + e.getMessage()
              + "); out of memory while rendering?");
    } finally {
      watchdog.cancel(false);
    }
  }

  private void send(HelmInvocation invocation, long maxOutputBytes) throws IOException {
    requests.writeUTF(invocation.chartPath().toString());
    requests.writeUTF(invocation.releaseName());
    requests.writeUTF(invocation.namespace());
    requests.writeBoolean(invocation.fetchDependencies());
    requests.writeLong(maxOutputBytes);
    requests.writeInt(invocation.valuesFiles().size());
    for (Path values : invocation.valuesFiles()) {
      requests.writeUTF(values.toString());
    }
    requests.flush();
  }

  private void ensureStarted() throws HelmRunException {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp",
                System.getProperty("java.class.path"),
                HelmWorkerMain.class.getName()));
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new HelmRunException("cannot start the Helm worker process: " + e.getMessage());
    }
    requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
    responses = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    Process starting = process;
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            starting::destroyForcibly, STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    try {
      if (responses.readByte() != HelmWorkerMain.READY) {
        throw new IOException("unexpected greeting");
      }
    } catch (IOException e) {
      stop();
      throw new HelmRunException(
          "the Helm worker process did not start within "
              + STARTUP_TIMEOUT.toSeconds()
              + " s: "
              + e.getMessage());
    } finally {
      watchdog.cancel(false);
    }
    LOG.debug("started Helm worker process {}", process.pid());
  }

  private void stop() {
    Process stopping = process;
    if (stopping != null) {
      stopping.destroyForcibly();
      try {
        stopping.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
