package dev.orrery.gitsource;

import java.util.List;
import java.util.Objects;

/**
 * How to authenticate to a Git remote. {@code toString()} of every variant hides the secrets, so
 * credentials can appear in logs and exception messages safely.
 */
public sealed interface GitCredentials
    permits GitCredentials.None, GitCredentials.Token, GitCredentials.Basic, GitCredentials.SshKey {

  /** No credentials (public repositories). */
  GitCredentials NONE = new None();

  /** The secret strings that must never appear in messages; empty for {@link None}. */
  List<String> secrets();

  /** Anonymous access. */
  record None() implements GitCredentials {
    @Override
    public List<String> secrets() {
      return List.of();
    }

    @Override
    public String toString() {
      return "None";
    }
  }

  /**
   * An HTTPS access token sent as basic auth; forges accept any user name with a token, so it
   * defaults to {@code git}.
   */
  record Token(String username, String token) implements GitCredentials {
    /** Validates the token and defaults the user name to {@code git}. */
    public Token {
      Objects.requireNonNull(token, "token");
      if (token.isEmpty()) {
        throw new IllegalArgumentException("token must not be empty");
      }
      username = username == null || username.isBlank() ? "git" : username;
    }

    /** A token with the default user name {@code git}. */
    public Token(String token) {
      this("git", token);
    }

    @Override
    public List<String> secrets() {
      return List.of(token);
    }

    @Override
    public String toString() {
      return "Token[username=" + username + ", token=***]";
    }
  }

  /** HTTPS user name and password. */
  record Basic(String username, String password) implements GitCredentials {
    /** Validates both parts. */
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public List<String> secrets() {
      return password.isEmpty() ? List.of() : List.of(password);
    }

    @Override
    public String toString() {
      return "Basic[username=" + username + ", password=***]";
    }
  }

  /**
   * An SSH private key (OpenSSH or PEM format), its passphrase if it is encrypted, and the {@code
   * known_hosts} lines that the server's host key must match (strict host key checking).
   */
  record SshKey(String privateKeyPem, String passphrase, String knownHosts)
      implements GitCredentials {
    /** Validates the key and known hosts; the passphrase may be {@code null}. */
    public SshKey {
      Objects.requireNonNull(privateKeyPem, "privateKeyPem");
      Objects.requireNonNull(knownHosts, "knownHosts");
      if (privateKeyPem.isBlank()) {
        throw new IllegalArgumentException("privateKeyPem must not be empty");
      }
    }

    @Override
    public List<String> secrets() {
      return passphrase == null || passphrase.isEmpty()
          ? List.of(privateKeyPem)
          : List.of(privateKeyPem, passphrase);
    }

    @Override
    public String toString() {
      return "SshKey[privateKey=***, passphrase="
          + (passphrase == null ? "none" : "***")
          + ", knownHosts="
          + knownHosts.lines().filter(l -> !l.isBlank()).count()
          + " lines]";
    }
  }
}
