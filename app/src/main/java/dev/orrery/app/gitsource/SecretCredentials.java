package dev.orrery.app.gitsource;

import dev.orrery.gitsource.GitCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Git credentials from a Secret in the GitSource's namespace: {@code token} (and optional {@code
 * username}) or {@code username}/{@code password} for HTTPS; {@code identity}, optional {@code
 * passphrase} and {@code known_hosts} for SSH. Values never appear in messages.
 */
public final class SecretCredentials {
  private SecretCredentials() {}

  public static GitCredentials read(KubernetesClient client, String namespace, String secretName) {
    if (secretName.isEmpty()) {
      return new GitCredentials.None();
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null) {
      throw new CredentialsException("Secret " + namespace + "/" + secretName + " not found");
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String identity = decode(data.get("identity"));
    if (identity != null) {
      String knownHosts = decode(data.get("known_hosts"));
      if (knownHosts == null) {
        throw new CredentialsException(
            "Secret "
                + namespace
                + "/"
                + secretName
                + " has an SSH 'identity' but no 'known_hosts' (host keys are always checked)");
      }
      return new GitCredentials.SshKey(identity, decode(data.get("passphrase")), knownHosts);
    }
    String token = decode(data.get("token"));
    String username = decode(data.get("username"));
    if (token != null) {
      return username == null
          ? new GitCredentials.Token(token)
          : new GitCredentials.Token(username, token);
    }
    String password = decode(data.get("password"));
    if (username != null && password != null) {
      return new GitCredentials.Basic(username, password);
    }
    throw new CredentialsException(
        "Secret "
            + namespace
            + "/"
            + secretName
            + " has none of: token, username+password, identity+known_hosts");
  }

  /** The value of one key of a Secret in {@code namespace}; never logged. */
  public static String secretValue(
      KubernetesClient client, String namespace, String secretName, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
      throw new CredentialsException(
          "Secret " + namespace + "/" + secretName + " has no key '" + key + "'");
    }
    return decode(secret.getData().get(key)).strip();
  }

  private static String decode(String b64) {
    return b64 == null ? null : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  /** The credentials Secret is missing or incomplete. */
  static final class CredentialsException extends RuntimeException {
    CredentialsException(String message) {
      super(message);
    }
  }
}
