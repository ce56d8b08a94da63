package dev.orrery.gitsource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Strict host key checking against a fixed set of {@code known_hosts} lines: a server is accepted
 * only if a line for its host (and port) lists the key it presents. Unknown hosts, changed keys and
 * {@code @revoked} keys are refused, never added, whatever the ssh configuration says; the reason
 * of the last refusal is kept so the caller can report it.
 */
final class KnownHostsDatabase implements ServerKeyDatabase {

  private static final String REVOKED = "revoked";

  private final List<HostKey> hostKeys;
  private final AtomicReference<String> rejection = new AtomicReference<>();

  private KnownHostsDatabase(List<HostKey> hostKeys) {
    this.hostKeys = List.copyOf(hostKeys);
  }

  /**
   * Parses {@code known_hosts} text (plain, hashed and {@code [host]:port} entries).
   *
   * @throws IllegalArgumentException if a line cannot be parsed
   */
  static KnownHostsDatabase parse(String knownHosts) {
    List<HostKey> keys = new ArrayList<>();
    List<String> lines = knownHosts.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      PublicKey key;
      KnownHostEntry entry;
      try {
        entry = KnownHostEntry.parseKnownHostEntry(line);
        key =
            entry == null || entry.getKeyEntry() == null
                ? null
                : entry
                    .getKeyEntry()
                    .resolvePublicKey(
                        null, Collections.emptyMap(), PublicKeyEntryResolver.IGNORING);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new IllegalArgumentException(
            "known_hosts line " + (i + 1) + " cannot be parsed: " + e.getMessage(), e);
      }
      if (entry == null || entry.getKeyEntry() == null) {
        throw new IllegalArgumentException("known_hosts line " + (i + 1) + " has no host key");
      }
      if (key != null) {
        // Keys of types this SSH client does not support are skipped, as OpenSSH does.
        keys.add(new HostKey(entry, key));
      }
    }
    return new KnownHostsDatabase(keys);
  }

  /** Why the last server key was refused, or {@code null} if none was. */
  String lastRejection() {
    return rejection.get();
  }

  @Override
  public List<PublicKey> lookup(
      String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    HostAndPort target = HostAndPort.parse(connectAddress);
    List<PublicKey> keys = new ArrayList<>();
    for (HostKey hostKey : hostKeys) {
      if (hostKey.matches(target) && !hostKey.isMarked()) {
        keys.add(hostKey.key());
      }
    }
    return keys;
  }

  @Override
  public boolean accept(
      String connectAddress,
      InetSocketAddress remoteAddress,
      PublicKey serverKey,
      Configuration config,
      CredentialsProvider provider) {
    HostAndPort target = HostAndPort.parse(connectAddress);
    boolean hostKnown = false;
    for (HostKey hostKey : hostKeys) {
      if (!hostKey.matches(target)) {
        continue;
      }
      boolean sameKey = KeyUtils.compareKeys(hostKey.key(), serverKey);
      if (sameKey && REVOKED.equalsIgnoreCase(hostKey.entry().getMarker())) {
        return reject(connectAddress, serverKey, "is marked @revoked in known_hosts");
      }
      if (!hostKey.isMarked()) {
        hostKnown = true;
        if (sameKey) {
          return true;
        }
      }
    }
    return reject(
        connectAddress,
        serverKey,
        hostKnown
            ? "does not match the key known_hosts lists for this host (host key changed?)"
            : "is unknown: known_hosts has no entry for this host");
  }

  private boolean reject(String connectAddress, PublicKey serverKey, String reason) {
    rejection.set(
        "SSH host key "
            + KeyUtils.getKeyType(serverKey)
            + " "
            + KeyUtils.getFingerPrint(serverKey)
            + " of "
            + connectAddress
            + " "
            + reason
            + "; strict host key checking refuses the connection");
    return false;
  }

  private record HostKey(KnownHostEntry entry, PublicKey key) {
    boolean matches(HostAndPort target) {
      return entry.isHostMatch(target.host(), target.port());
    }

    boolean isMarked() {
      return entry.getMarker() != null && !entry.getMarker().isEmpty();
    }
  }

  /** The {@code host} or {@code [host]:port} form JGit uses for connect addresses. */
  private record HostAndPort(String host, int port) {
    static HostAndPort parse(String address) {
      if (address.startsWith("[")) {
        int close = address.indexOf(']');
        if (close > 0) {
          String host = address.substring(1, close);
          int colon = address.indexOf(':', close);
          int port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : 22;
          return new HostAndPort(host, port);
        }
      }
      return new HostAndPort(address, 22);
    }
  }
}
