package dev.orrery.app.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orrery serve}: runs the service (HTTP API, webhooks, metrics, controllers) until stopped. */
@Command(name = "serve", description = "Run the Orrery service against a WDS and an ITS.")
public final class ServeCommand implements Runnable {
  @Option(names = "--wds-kubeconfig", description = "Kubeconfig of the WDS (default: in-cluster or $KUBECONFIG).")
  String wdsKubeconfig;

  @Option(names = "--wds-context", description = "Context in the WDS kubeconfig.")
  String wdsContext;

  @Option(names = "--its-kubeconfig", description = "Kubeconfig of the ITS (OCM hub).")
  String itsKubeconfig;

  @Option(names = "--its-context", description = "Context in the ITS kubeconfig.")
  String itsContext;

  @Option(names = "--port", description = "HTTP port (default 8080).")
  Integer port;

  @Override
  public void run() {
    Map<String, Object> props = new LinkedHashMap<>();
    add(props, "orrery.wds-kubeconfig", wdsKubeconfig);
    add(props, "orrery.wds-context", wdsContext);
    add(props, "orrery.its-kubeconfig", itsKubeconfig);
    add(props, "orrery.its-context", itsContext);
    add(props, "micronaut.server.port", port == null ? null : port.toString());
    ApplicationContext context = Micronaut.build(new String[0]).mainClass(ServeCommand.class).properties(props).start();
    // Micronaut's own shutdown hook stops the context on SIGTERM or SIGINT (and interrupts this
    // thread); a second hook closing it too would deadlock with the first.
    try {
      while (context.isRunning()) {
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void add(Map<String, Object> props, String key, String value) {
    if (value != null && !value.isBlank()) {
      props.put(key, value);
    }
  }
}
