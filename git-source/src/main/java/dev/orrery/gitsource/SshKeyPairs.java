package dev.orrery.gitsource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Reads SSH private keys from PEM or OpenSSH text, decrypting them with a passphrase. */
final class SshKeyPairs {

  private SshKeyPairs() {}

  /**
   * The key pairs in {@code pem}.
   *
   * @throws GitSourceException if the text holds no key or the passphrase is wrong or missing
   */
  static List<KeyPair> read(String pem, String passphrase) {
    FilePasswordProvider password =
        passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase);
    List<KeyPair> keys = new ArrayList<>();
    try {
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName("ssh-private-key"),
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)),
              password);
      if (loaded != null) {
        loaded.forEach(keys::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new GitSourceException(
          "SSH private key cannot be read (wrong or missing passphrase, or unsupported format): "
              + e.getClass().getSimpleName());
    }
    if (keys.isEmpty()) {
      throw new GitSourceException("SSH private key text contains no key");
    }
    return keys;
  }
}
