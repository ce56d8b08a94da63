package dev.orrery.gitsource.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * An in-process SSH server (Apache MINA sshd) on loopback that serves the bare repositories under a
 * directory by running the system's {@code git upload-pack} and {@code git receive-pack} (protocol
 * v0, as over a plain SSH connection without {@code GIT_PROTOCOL}), and accepts one client public
 * key.
 */
public final class SshGitServer implements AutoCloseable {

  private final Path root;
  private final KeyPair hostKey;
  private final SshServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  public SshGitServer(Path root, KeyPair hostKey, PublicKey authorizedClientKey)
      throws IOException {
    this.root = root;
    this.hostKey = hostKey;
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) -> KeyUtils.compareKeys(key, authorizedClientKey));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory((CommandFactory) (channel, command) -> new GitCommand(command));
    server.start();
  }

  public int port() {
    return server.getPort();
  }

  /** The ssh:// URL of a repository directory under the root. */
  public String url(String repository) {
    return "ssh://git@127.0.0.1:" + port() + "/" + repository;
  }

  /** The known_hosts line for this server's host key. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
    executor.shutdownNow();
  }

  /** Runs git-upload-pack or git-receive-pack on a repository under the root. */
  private final class GitCommand implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    GitCommand(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      executor.submit(this::run);
    }

    private void run() {
      List<String> args = CommandFactory.split(command);
      int status = 1;
      String message = "";
      try {
        if (args.size() != 2
            || !(args.get(0).equals("git-upload-pack") || args.get(0).equals("git-receive-pack"))) {
          throw new IOException("unsupported command: " + command);
        }
        String path = args.get(1).replaceAll("^'|'$", "").replaceFirst("^/+", "");
        Path repository = root.resolve(path).normalize();
        if (!repository.startsWith(root)) {
          throw new IOException("outside the served root: " + path);
        }
        String service = args.get(0).substring("git-".length());
        ProcessBuilder pb =
            service.equals("upload-pack")
                ? new ProcessBuilder("git", service, "--strict", repository.toString())
                : new ProcessBuilder("git", service, repository.toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().remove("GIT_PROTOCOL");
        Process process = pb.start();
        Future<?> input =
            executor.submit(
                () -> {
                  try (OutputStream stdin = process.getOutputStream()) {
                    pump(in, stdin);
                  }
                  return null;
                });
        Future<?> errors =
            executor.submit(
                () -> {
                  pump(process.getErrorStream(), err);
                  return null;
                });
        try (InputStream stdout = process.getInputStream()) {
          pump(stdout, out);
        }
        errors.get();
        status = process.waitFor();
        input.cancel(true);
      } catch (IOException | ExecutionException | RuntimeException e) {
        message = String.valueOf(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          out.flush();
          err.flush();
        } catch (IOException ignored) {
          // The channel is closing anyway.
        }
        exit.onExit(status, message);
      }
    }

    private static void pump(InputStream from, OutputStream to) throws IOException {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = from.read(buffer)) != -1) {
        to.write(buffer, 0, n);
        to.flush();
      }
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }

  /** The remote address MINA bound to, for diagnostics. */
  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port());
  }
}
