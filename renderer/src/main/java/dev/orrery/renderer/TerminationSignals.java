package dev.orrery.renderer;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Gives SIGTERM, SIGINT and SIGHUP back to the JVM after a Helm call. helm-java runs Helm in a Go
 * runtime inside this process, and Helm subscribes to termination signals there; from then on the
 * JVM no longer sees them, so {@code kill} (and Kubernetes stopping the pod) would not run the
 * shutdown hooks and the process would wait for SIGKILL. The handlers set here do what the JVM's
 * own do: exit with 128 + the signal number, running the shutdown hooks.
 */
final class TerminationSignals {
  private static final Logger LOG = LoggerFactory.getLogger(TerminationSignals.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

  private TerminationSignals() {}

  static void reclaim() {
    for (String name : SIGNALS) {
      try {
        Signal.handle(new Signal(name), signal -> System.exit(128 + signal.getNumber()));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // -Xrs, or a platform without this signal: the JVM does not handle it either.
        LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
  }
}
