package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.gitsource.testing.GitFixtures;
import dev.orrery.gitsource.testing.SshGitServer;
import dev.orrery.gitsource.testing.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches over real SSH: an in-process Apache MINA sshd server running JGit's upload-pack (protocol
 * v0, so wants are checked against the advertised refs).
 */
class GitRepositoryCacheSshTest {

  private static final KeyPair HOST_KEY = SshKeys.generate();
  private static final KeyPair CLIENT_KEY = SshKeys.generate();

  @TempDir Path tmp;

  private Repository remote;
  private TestRepository<Repository> git;
  private SshGitServer server;
  private GitRepositoryCache cache;
  private RevCommit first;
  private RevCommit second;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    Path remotes = Files.createDirectories(tmp.resolve("remotes"));
    remote = GitFixtures.createBare(remotes, "app.git");
    git = GitFixtures.builder(remote);
    first =
        git.branch("refs/heads/main")
            .commit()
            .add("a.yaml", "a: 1\n")
            .add("b.yaml", "b: 1\n")
            .create();
    second = git.branch("refs/heads/main").commit().add("a.yaml", "a: 2\n").rm("b.yaml").create();
    server = new SshGitServer(remotes, HOST_KEY, CLIENT_KEY.getPublic());
    url = server.url("app.git");
    cache = new GitRepositoryCache(tmp.resolve("cache"));
  }

  @AfterEach
  void tearDown() throws IOException {
    cache.close();
    server.close();
    remote.close();
  }

  private GitCredentials.SshKey key(String knownHosts) {
    return new GitCredentials.SshKey(SshKeys.openSshPrivateKey(CLIENT_KEY, null), null, knownHosts);
  }

  @Test
  void fetchesWithAKeyFromAKnownHost() {
    FetchResult result =
        cache.fetch(FetchRequest.of(url, GitRef.branch("main"), key(server.knownHostsLine())));

    assertThat(result.commitId()).isEqualTo(second.name());
    assertThat(result.shallow()).isTrue();
    assertThat(cache.tree(url, result.commitId()).paths()).containsExactly("a.yaml");
  }

  @Test
  void fetchesWithSshKeygenEd25519KeysPlainAndEncrypted() throws IOException {
    for (String name : new String[] {"ed25519-test-key", "ed25519-encrypted-test-key"}) {
      PublicKey authorized = SshKeys.publicKey(SshKeys.resource(name + ".pub"));
      String passphrase = name.contains("encrypted") ? "fixture passphrase" : null;
      try (SshGitServer edServer = new SshGitServer(tmp.resolve("remotes"), HOST_KEY, authorized)) {
        String edUrl = edServer.url("app.git");
        GitCredentials.SshKey credentials =
            new GitCredentials.SshKey(
                SshKeys.resource(name), passphrase, edServer.knownHostsLine());

        FetchResult result =
            cache.fetch(FetchRequest.of(edUrl, GitRef.branch("main"), credentials));

        assertThat(result.commitId()).as(name).isEqualTo(second.name());
      }
    }
  }

  @Test
  void scpLikeUrlsWork() {
    String scpLike = "git@127.0.0.1:app.git";
    // scp-like syntax cannot carry a port; it is only accepted here to show it is routed to SSH.
    assertThat(TransportAuth.isSsh(scpLike)).isTrue();
    assertThat(TransportAuth.isSsh(url)).isTrue();
    assertThat(TransportAuth.isSsh("https://example.com/app.git")).isFalse();
  }

  @Test
  void anUnknownHostIsRejected() {
    assertThatThrownBy(() -> cache.fetch(FetchRequest.of(url, GitRef.branch("main"), key(""))))
        .isInstanceOf(HostKeyRejectedException.class)
        .hasMessageContaining("[127.0.0.1]:" + server.port())
        .hasMessageContaining("is unknown")
        .hasMessageContaining("SHA256:");
  }

  @Test
  void aChangedHostKeyIsRejected() {
    String otherKey =
        "[127.0.0.1]:"
            + server.port()
            + " "
            + PublicKeyEntry.toString(SshKeys.generate().getPublic());

    assertThatThrownBy(
            () -> cache.fetch(FetchRequest.of(url, GitRef.branch("main"), key(otherKey))))
        .isInstanceOf(HostKeyRejectedException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void aKnownHostOnAnotherPortDoesNotCount() {
    String otherPort = "[127.0.0.1]:1 " + PublicKeyEntry.toString(HOST_KEY.getPublic());

    assertThatThrownBy(
            () -> cache.fetch(FetchRequest.of(url, GitRef.branch("main"), key(otherPort))))
        .isInstanceOf(HostKeyRejectedException.class)
        .hasMessageContaining("is unknown");
  }

  @Test
  void aRevokedHostKeyIsRejected() {
    String revoked = "@revoked " + server.knownHostsLine();

    assertThatThrownBy(
            () ->
                cache.fetch(
                    FetchRequest.of(
                        url, GitRef.branch("main"), key(revoked + "\n" + server.knownHostsLine()))))
        .isInstanceOf(HostKeyRejectedException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void aKeyTheServerDoesNotKnowIsRefused() {
    GitCredentials.SshKey stranger =
        new GitCredentials.SshKey(
            SshKeys.openSshPrivateKey(SshKeys.generate(), null), null, server.knownHostsLine());

    assertThatThrownBy(() -> cache.fetch(FetchRequest.of(url, GitRef.branch("main"), stranger)))
        .isInstanceOf(GitAuthenticationException.class)
        .hasMessageNotContaining("PRIVATE KEY");
  }

  @Test
  void anEncryptedKeyNeedsItsPassphrase() {
    String encrypted = SshKeys.openSshPrivateKey(CLIENT_KEY, "correct horse");

    FetchResult result =
        cache.fetch(
            FetchRequest.of(
                url,
                GitRef.branch("main"),
                new GitCredentials.SshKey(encrypted, "correct horse", server.knownHostsLine())));
    assertThat(result.commitId()).isEqualTo(second.name());

    GitCredentials.SshKey wrong =
        new GitCredentials.SshKey(encrypted, "battery staple", server.knownHostsLine());
    assertThatThrownBy(() -> cache.fetch(FetchRequest.of(url, GitRef.branch("main"), wrong)))
        .isInstanceOf(GitSourceException.class)
        .hasMessageContaining("SSH private key cannot be read")
        .hasMessageNotContaining("battery staple");
  }

  @Test
  void anUnadvertisedCommitFallsBackToFetchingAllBranchesAndTags() throws Exception {
    FetchResult result =
        cache.fetch(
            FetchRequest.of(url, GitRef.commit(first.name()), key(server.knownHostsLine())));

    assertThat(result.commitId()).isEqualTo(first.name());
    assertThat(result.refName()).isNull();
    assertThat(cache.repository(url).exactRef("refs/heads/main")).isNotNull();
    assertThat(cache.tree(url, first.name()).paths()).containsExactly("a.yaml", "b.yaml");
  }

  @Test
  void anUnadvertisedCommitIsFetchedByIdWhenTheServerAllowsIt() throws Exception {
    GitFixtures.allowReachableShaInWant(remote);

    FetchResult result =
        cache.fetch(
            FetchRequest.of(url, GitRef.commit(first.name()), key(server.knownHostsLine())));

    assertThat(result.commitId()).isEqualTo(first.name());
    assertThat(cache.repository(url).exactRef("refs/heads/main")).isNull();
    assertThat(cache.repository(url).exactRef(GitRepositoryCache.PIN_PREFIX + first.name()))
        .isNotNull();
  }

  @Test
  void aMissingPreviousCommitIsReachedByUnshallowingWhenIdsAreRefused() {
    FetchResult result =
        cache.fetch(
            FetchRequest.of(url, GitRef.branch("main"), key(server.knownHostsLine()))
                .withPreviousCommit(first.name()));

    assertThat(result.previousCommitAvailable()).isTrue();
    assertThat(result.shallow()).isFalse();
    ChangedPaths changes = cache.changedPaths(url, first.name(), result.commitId());
    assertThat(changes.modified()).containsExactly("a.yaml");
    assertThat(changes.deleted()).containsExactly("b.yaml");
  }

  @Test
  void theTemporarySshDirectoryIsRemoved() throws IOException {
    Set<Path> before = sshTempDirs();

    cache.fetch(FetchRequest.of(url, GitRef.branch("main"), key(server.knownHostsLine())));

    // Other builds may create and remove such directories meanwhile; this fetch must leave none.
    assertThat(before).containsAll(sshTempDirs());
  }

  @Test
  void credentialsMustFitTheProtocol() {
    assertThatThrownBy(
            () ->
                cache.fetch(
                    FetchRequest.of(
                        url, GitRef.branch("main"), new GitCredentials.Token("secret-token"))))
        .isInstanceOf(GitSourceException.class)
        .hasMessageContaining("need an http(s) URL")
        .hasMessageNotContaining("secret-token");
    assertThatThrownBy(
            () ->
                cache.fetch(
                    FetchRequest.of("https://example.com/app.git", GitRef.branch("main"), key(""))))
        .isInstanceOf(GitSourceException.class)
        .hasMessageContaining("need an ssh:// or scp-like URL");
  }

  private static Set<Path> sshTempDirs() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("orrery-ssh-"))
          .collect(Collectors.toSet());
    }
  }
}
