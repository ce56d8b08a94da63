package dev.orrery.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import picocli.CommandLine;

/**
 * One run of the {@code orrery} command line in-process, with what it printed; and fixtures for it.
 */
record CliRun(int code, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = OrreryCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** A loopback port nothing listens on. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A kubeconfig with one context, {@code local}, for https://127.0.0.1:{@code port}. */
  static String kubeconfig(int port) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
        - name: me
          user: {token: not-a-real-token}
        contexts:
        - name: local
          context: {cluster: local, user: me}
        current-context: local
        """
        .formatted(port);
  }
}
