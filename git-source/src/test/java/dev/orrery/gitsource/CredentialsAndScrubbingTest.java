package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CredentialsAndScrubbingTest {

  @Test
  void toStringNeverShowsSecrets() {
    GitCredentials.Token token = new GitCredentials.Token(null, "tok-123");
    GitCredentials.Basic basic = new GitCredentials.Basic("alice", "pa55word");
    GitCredentials.SshKey key =
        new GitCredentials.SshKey(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
            "hunter2-secret",
            "host ssh-ed25519 AAAA\n\nother ssh-ed25519 BBBB\n");

    assertThat(token.username()).isEqualTo("git");
    assertThat(token.toString()).isEqualTo("Token[username=git, token=***]");
    assertThat(basic.toString()).contains("alice").doesNotContain("pa55word");
    assertThat(key.toString())
        .doesNotContain("PRIVATE KEY")
        .doesNotContain("hunter2-secret")
        .contains("knownHosts=2 lines");
    assertThat(GitCredentials.NONE.toString()).isEqualTo("None");
  }

  @Test
  void fetchRequestToStringHidesUrlUserInfo() {
    FetchRequest request =
        FetchRequest.of(
            "https://bot:tok-123@example.com/org/repo.git",
            GitRef.branch("main"),
            new GitCredentials.Token("tok-123"));

    assertThat(request.toString())
        .doesNotContain("tok-123")
        .contains("https://example.com/org/repo.git");
  }

  @Test
  void scrubsUrlUserInfoAndSecretsFromMessages() {
    GitCredentials.Token token = new GitCredentials.Token("tok-123");

    assertThat(SecretScrubber.withoutUserInfo("https://u:p@host/r.git and ssh://git@host:22/r"))
        .isEqualTo("https://host/r.git and ssh://host:22/r");
    assertThat(SecretScrubber.scrub("auth with tok-123 failed for https://x:tok-123@h/r", token))
        .isEqualTo("auth with *** failed for https://h/r");
  }

  @Test
  void scrubsWholeExceptionChainsKeepingStackTraces() {
    GitCredentials.Token token = new GitCredentials.Token("tok-123");
    IOException cause = new IOException("401 for https://git:tok-123@h/r");
    RuntimeException error = new RuntimeException("fetch failed: tok-123", cause);

    Throwable scrubbed = SecretScrubber.scrub(error, token);

    assertThat(scrubbed.getMessage()).isEqualTo("java.lang.RuntimeException: fetch failed: ***");
    assertThat(scrubbed.getCause().getMessage())
        .isEqualTo("java.io.IOException: 401 for https://h/r");
    assertThat(scrubbed.getStackTrace()).isEqualTo(error.getStackTrace());
  }

  @Test
  void cacheDirectoryNamesAreReadableDistinctAndFreeOfCredentials() {
    String plain = CacheDirectoryName.of("https://github.com/Org/Repo.git");
    String withToken = CacheDirectoryName.of("https://bot:tok-123@github.com/Org/Repo.git");
    String other = CacheDirectoryName.of("https://github.com/Org/Repo2.git");
    String ssh = CacheDirectoryName.of("git@github.com:Org/Repo.git");
    String longUrl =
        CacheDirectoryName.of(
            "https://example.com/" + "very-long-segment/".repeat(20) + "repo.git");

    assertThat(plain).matches("github\\.com-org-repo\\.git-[0-9a-f]{12}\\.git");
    assertThat(withToken).isEqualTo(plain);
    assertThat(other).isNotEqualTo(plain);
    assertThat(ssh).startsWith("git-github.com-org-repo.git-").isNotEqualTo(plain);
    assertThat(longUrl.length()).isLessThanOrEqualTo(80 + 1 + 12 + 4);
    assertThat(longUrl).endsWith(".git").doesNotStartWith("-");
  }
}
