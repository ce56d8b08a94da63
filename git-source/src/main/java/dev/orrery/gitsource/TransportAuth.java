package dev.orrery.gitsource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link GitCredentials} to JGit transports for one operation: a username/password provider
 * for HTTPS, and for SSH an Apache MINA session factory that uses only the given key and known
 * hosts, with strict host key checking and nothing read from the process user's {@code ~/.ssh}.
 * Closing it removes the private temporary directory the SSH client works in.
 */
final class TransportAuth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TransportAuth.class);

  private final String url;
  private final GitCredentials credentials;
  private SshdSessionFactory sshFactory;
  private KnownHostsDatabase knownHosts;
  private Path sshHome;

  private TransportAuth(String url, GitCredentials credentials) {
    this.url = url;
    this.credentials = credentials == null ? GitCredentials.NONE : credentials;
  }

  /**
   * Prepares authentication for {@code url}.
   *
   * @throws GitSourceException if the credentials do not fit the URL's protocol
   */
  static TransportAuth forUrl(String url, GitCredentials credentials) {
    TransportAuth auth = new TransportAuth(url, credentials);
    boolean ssh = isSsh(url);
    GitCredentials c = auth.credentials;
    if (ssh && (c instanceof GitCredentials.Token || c instanceof GitCredentials.Basic)) {
      throw new GitSourceException(
          c.getClass().getSimpleName()
              + " credentials need an http(s) URL, not "
              + SecretScrubber.withoutUserInfo(url));
    }
    if (!ssh && c instanceof GitCredentials.SshKey) {
      throw new GitSourceException(
          "SshKey credentials need an ssh:// or scp-like URL, not "
              + SecretScrubber.withoutUserInfo(url));
    }
    return auth;
  }

  /** Whether JGit would use SSH for this URL (ssh://, git+ssh://, or scp-like host:path). */
  static boolean isSsh(String url) {
    try {
      URIish uri = new URIish(url);
      String scheme = uri.getScheme();
      if (scheme == null) {
        return uri.getHost() != null;
      }
      String s = scheme.toLowerCase(Locale.ROOT);
      return s.equals("ssh") || s.equals("ssh+git") || s.equals("git+ssh");
    } catch (URISyntaxException e) {
      throw new GitSourceException("not a Git URL: " + SecretScrubber.withoutUserInfo(url));
    }
  }

  /** Sets this authentication on a JGit command. */
  <C extends TransportCommand<C, ?>> C apply(C command) {
    command.setCredentialsProvider(credentialsProvider());
    command.setTransportConfigCallback(this::configure);
    return command;
  }

  /** Sets this authentication on a transport opened directly. */
  void configure(Transport transport) {
    transport.setCredentialsProvider(credentialsProvider());
    if (transport instanceof SshTransport ssh) {
      ssh.setSshSessionFactory(sshFactory());
    }
  }

  private CredentialsProvider credentialsProvider() {
    if (credentials instanceof GitCredentials.Token t) {
      return new UsernamePasswordCredentialsProvider(t.username(), t.token());
    }
    if (credentials instanceof GitCredentials.Basic b) {
      return new UsernamePasswordCredentialsProvider(b.username(), b.password());
    }
    return RefusingCredentialsProvider.INSTANCE;
  }

  private synchronized SshdSessionFactory sshFactory() {
    if (sshFactory != null) {
      return sshFactory;
    }
    List<KeyPair> keys = new ArrayList<>();
    String knownHostsText = "";
    if (credentials instanceof GitCredentials.SshKey key) {
      keys.addAll(SshKeyPairs.read(key.privateKeyPem(), key.passphrase()));
      knownHostsText = key.knownHosts();
    }
    knownHosts = KnownHostsDatabase.parse(knownHostsText);
    Path knownHostsFile;
    try {
      sshHome =
          Files.createTempDirectory(
              "orrery-ssh-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      knownHostsFile = sshHome.resolve("known_hosts");
      Files.createFile(
          knownHostsFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(knownHostsFile, knownHostsText, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GitSourceException("cannot create a private directory for SSH", e);
    }
    KnownHostsDatabase database = knownHosts;
    sshFactory =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(sshHome.toFile())
            .setSshDirectory(sshHome.toFile())
            .setConfigFile(dir -> null)
            .setConfigStoreFactory((home, file, user) -> null)
            .setPreferredAuthentications("publickey")
            .setDefaultIdentities(dir -> List.of())
            .setDefaultKeysProvider(dir -> keys)
            .setDefaultKnownHostsFiles(dir -> List.of(knownHostsFile))
            .setServerKeyDatabase((home, dir) -> database)
            .build(null);
    return sshFactory;
  }

  /** Turns a JGit failure into a typed exception whose message holds no secret. */
  GitSourceException failure(String action, Throwable error) {
    String where = SecretScrubber.withoutUserInfo(url);
    String rejection = knownHosts == null ? null : knownHosts.lastRejection();
    if (rejection != null) {
      return new HostKeyRejectedException(rejection + " (" + action + " " + where + ")");
    }
    String detail = SecretScrubber.scrub(messages(error), credentials);
    if (looksLikeAuthFailure(detail)) {
      return new GitAuthenticationException(
          action + " " + where + ": authentication failed with " + credentials + ": " + detail);
    }
    return new GitSourceException(
        action + " " + where + " failed: " + detail, SecretScrubber.scrub(error, credentials));
  }

  private static boolean looksLikeAuthFailure(String detail) {
    String d = detail.toLowerCase(Locale.ROOT);
    return d.contains("not authorized")
        || d.contains("authentication is required")
        || d.contains("auth fail")
        || d.contains("no more authentication methods")
        || d.contains("authentication failed")
        || d.contains("cannot log in")
        || d.contains("403 forbidden")
        || d.contains("not permitted");
  }

  private static String messages(Throwable error) {
    Set<String> parts = new LinkedHashSet<>();
    Throwable t = error;
    for (int i = 0; t != null && i < 8; i++, t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        parts.add(t.getMessage().strip());
      }
    }
    return parts.isEmpty() ? error.getClass().getSimpleName() : String.join(": ", parts);
  }

  @Override
  public void close() {
    if (sshFactory != null) {
      sshFactory.close();
    }
    if (sshHome != null) {
      try (Stream<Path> files = Files.walk(sshHome)) {
        files.sorted(Comparator.reverseOrder()).forEach(TransportAuth::deleteQuietly);
      } catch (IOException e) {
        LOG.warn("Cannot remove temporary SSH directory {}: {}", sshHome, e.toString());
      }
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("Cannot remove {}: {}", path, e.toString());
    }
  }

  /** Answers no prompt, so JGit never waits for interactive input. */
  private static final class RefusingCredentialsProvider extends CredentialsProvider {
    static final RefusingCredentialsProvider INSTANCE = new RefusingCredentialsProvider();

    @Override
    public boolean isInteractive() {
      return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
      return false;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
      return false;
    }
  }
}
