package dev.orrery.app.ha;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Optional;

/**
 * Rendezvous (highest random weight) hashing: the owner of a key is the replica with the highest
 * hash of (replica, key). Every replica computes the same owner from the same live set, and when a
 * replica joins or leaves only the keys it gains or held move.
 */
public final class Rendezvous {
  private Rendezvous() {}

  /** The replica among {@code replicas} that owns {@code key}; empty when there is none. */
  public static Optional<String> owner(String key, Collection<String> replicas) {
    String best = null;
    long bestWeight = 0;
    for (String replica : replicas) {
      long w = weight(replica, key);
      if (best == null
          || Long.compareUnsigned(w, bestWeight) > 0
          || (w == bestWeight && replica.compareTo(best) < 0)) {
        best = replica;
        bestWeight = w;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The first 8 bytes of SHA-256 over replica, a NUL, and key: stable across JVMs and versions. */
  static long weight(String replica, String key) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha.update(replica.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    byte[] d = sha.digest(key.getBytes(StandardCharsets.UTF_8));
    long w = 0;
    for (int i = 0; i < 8; i++) {
      w = (w << 8) | (d[i] & 0xff);
    }
    return w;
  }
}
