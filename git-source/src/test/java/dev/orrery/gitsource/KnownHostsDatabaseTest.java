package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.gitsource.testing.SshKeys;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;

/** Strict host key checking decisions, without a network. */
class KnownHostsDatabaseTest {

  private static final KeyPair HOST = SshKeys.generate();
  private static final KeyPair OTHER = SshKeys.generate();
  private static final InetSocketAddress REMOTE = new InetSocketAddress("10.0.0.1", 22);

  private static String key(KeyPair pair) {
    return PublicKeyEntry.toString(pair.getPublic());
  }

  @Test
  void acceptsAListedKeyOnTheStandardAndAnExplicitPort() {
    KnownHostsDatabase db =
        KnownHostsDatabase.parse(
            "git.example.com " + key(HOST) + "\n[git.example.com]:2222 " + key(OTHER) + "\n");

    assertThat(db.accept("git.example.com", REMOTE, HOST.getPublic(), null, null)).isTrue();
    assertThat(db.accept("[git.example.com]:2222", REMOTE, OTHER.getPublic(), null, null)).isTrue();
    assertThat(db.accept("[git.example.com]:2222", REMOTE, HOST.getPublic(), null, null)).isFalse();
    assertThat(db.lastRejection()).contains("does not match").contains("[git.example.com]:2222");
    assertThat(db.lookup("git.example.com", REMOTE, null)).hasSize(1);
  }

  @Test
  void acceptsHashedEntriesAndWildcards() throws Exception {
    KnownHostsDatabase db =
        KnownHostsDatabase.parse(
            hashed("git.example.com") + " " + key(HOST) + "\n*.corp.example " + key(OTHER) + "\n");

    assertThat(db.accept("git.example.com", REMOTE, HOST.getPublic(), null, null)).isTrue();
    assertThat(db.accept("gitea.corp.example", REMOTE, OTHER.getPublic(), null, null)).isTrue();
    assertThat(db.accept("unknown.example", REMOTE, HOST.getPublic(), null, null)).isFalse();
    assertThat(db.lastRejection()).contains("is unknown");
  }

  @Test
  void refusesRevokedKeysAndNeverLearnsNewOnes() {
    KnownHostsDatabase db =
        KnownHostsDatabase.parse(
            "@revoked git.example.com " + key(HOST) + "\ngit.example.com " + key(HOST) + "\n");
    KnownHostsDatabase empty = KnownHostsDatabase.parse("");

    assertThat(db.accept("git.example.com", REMOTE, HOST.getPublic(), null, null)).isFalse();
    assertThat(db.lastRejection()).contains("revoked");
    assertThat(empty.accept("git.example.com", REMOTE, HOST.getPublic(), null, null)).isFalse();
    assertThat(empty.accept("git.example.com", REMOTE, HOST.getPublic(), null, null)).isFalse();
  }

  @Test
  void rejectsUnparsableKnownHostsAndSkipsCommentsAndUnknownKeyTypes() {
    assertThatThrownBy(() -> KnownHostsDatabase.parse("# keys\nhost ssh-rsa !!!not-base64!!!\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> KnownHostsDatabase.parse("just-a-host\n"))
        .isInstanceOf(IllegalArgumentException.class);
    KnownHostsDatabase db =
        KnownHostsDatabase.parse(
            "# comment\n\nhost ssh-future AAAAC3NzaC1mdXR1cmU=\nhost " + key(HOST) + "\n");
    assertThat(db.accept("host", REMOTE, HOST.getPublic(), null, null)).isTrue();
  }

  /** An OpenSSH HashKnownHosts entry: |1|base64(salt)|base64(HMAC-SHA1(salt, host)). */
  private static String hashed(String host) throws Exception {
    byte[] salt = new byte[20];
    new SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
    return "|1|"
        + Base64.getEncoder().encodeToString(salt)
        + "|"
        + Base64.getEncoder().encodeToString(hash);
  }
}
