package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.gitsource.testing.GitFixtures;
import dev.orrery.gitsource.testing.SshGitServer;
import dev.orrery.gitsource.testing.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notes on refs/notes/orrery pushed over SSH to git receive-pack and read back with git. */
class GitNotesTest {

  private static final KeyPair HOST_KEY = SshKeys.generate();
  private static final KeyPair CLIENT_KEY = SshKeys.generate();
  private static final PersonIdent ORRERY = new PersonIdent("Orrery", "orrery@example.com");

  @TempDir Path tmp;

  private Path remoteDir;
  private SshGitServer server;
  private GitCredentials credentials;
  private RevCommit first;
  private RevCommit second;
  private String url;
  private final List<GitRepositoryCache> caches = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Path remotes = Files.createDirectories(tmp.resolve("remotes"));
    remoteDir = remotes.resolve("app.git");
    try (Repository remote = GitFixtures.createBare(remotes, "app.git")) {
      TestRepository<Repository> git = GitFixtures.builder(remote);
      first = git.branch("refs/heads/main").commit().add("a.yaml", "a\n").create();
      second = git.branch("refs/heads/main").commit().add("b.yaml", "b\n").create();
    }
    server = new SshGitServer(remotes, HOST_KEY, CLIENT_KEY.getPublic());
    url = server.url("app.git");
    credentials =
        new GitCredentials.SshKey(
            SshKeys.openSshPrivateKey(CLIENT_KEY, null), null, server.knownHostsLine());
  }

  @AfterEach
  void tearDown() throws IOException {
    caches.forEach(GitRepositoryCache::close);
    server.close();
  }

  private GitNotes notes(String cacheName) {
    GitRepositoryCache cache = new GitRepositoryCache(tmp.resolve(cacheName));
    caches.add(cache);
    return new GitNotes(cache, 50);
  }

  @Test
  void addsANoteThatGitShows() {
    RefWriteResult result =
        notes("a").add(url, credentials, second.name(), "synced to 3 clusters\n", ORRERY);

    assertThat(result.committed()).isTrue();
    assertThat(result.refName()).isEqualTo(GitNotes.REF);
    assertThat(showNote(second.name())).isEqualTo("synced to 3 clusters\n");
  }

  @Test
  void theSameTextCommitsNothingAndNewTextReplacesIt() {
    GitNotes notes = notes("a");
    RefWriteResult added = notes.add(url, credentials, second.name(), "pending\n", ORRERY);

    RefWriteResult same = notes.add(url, credentials, second.name(), "pending\n", ORRERY);
    RefWriteResult replaced = notes.add(url, credentials, second.name(), "synced\n", ORRERY);

    assertThat(same.committed()).isFalse();
    assertThat(same.commitId()).isEqualTo(added.commitId());
    assertThat(replaced.committed()).isTrue();
    assertThat(showNote(second.name())).isEqualTo("synced\n");
    assertThat(GitFixtures.git(remoteDir, "rev-list", "--count", GitNotes.REF).trim())
        .isEqualTo("2");
  }

  @Test
  void notesFromTwoRacingWritersAreAllKept() throws Exception {
    GitNotes a = notes("a");
    GitNotes b = notes("b");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> fa =
          pool.submit(
              () -> {
                start.await();
                a.add(url, credentials, first.name(), "from a\n", ORRERY);
                return null;
              });
      Future<?> fb =
          pool.submit(
              () -> {
                start.await();
                b.add(url, credentials, second.name(), "from b\n", ORRERY);
                return null;
              });
      start.countDown();
      fa.get(120, TimeUnit.SECONDS);
      fb.get(120, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(showNote(first.name())).isEqualTo("from a\n");
    assertThat(showNote(second.name())).isEqualTo("from b\n");
    assertThat(GitFixtures.git(remoteDir, "rev-list", "--count", GitNotes.REF).trim())
        .isEqualTo("2");
  }

  private String showNote(String commit) {
    return GitFixtures.git(remoteDir, "notes", "--ref=orrery", "show", commit);
  }
}
