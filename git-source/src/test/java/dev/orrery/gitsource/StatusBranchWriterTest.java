package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.gitsource.testing.GitFixtures;
import dev.orrery.gitsource.testing.GitHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status commits pushed over smart HTTP with token auth, including racing writers. */
class StatusBranchWriterTest {

  private static final String TOKEN = "status-writer-token";
  private static final GitCredentials CREDENTIALS = new GitCredentials.Token(TOKEN);
  private static final PersonIdent ORRERY = new PersonIdent("Orrery", "orrery@example.com");
  private static final String BRANCH = "orrery-status";

  @TempDir Path tmp;

  private Path remotes;
  private GitHttpServer server;
  private String url;
  private final List<GitRepositoryCache> caches = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    remotes = Files.createDirectories(tmp.resolve("remotes"));
    try (Repository remote = GitFixtures.createBare(remotes, "fleet.git")) {
      GitFixtures.builder(remote)
          .branch("refs/heads/main")
          .commit()
          .add("apps/web.yaml", "kind: Deployment\n")
          .create();
    }
    server = GitHttpServer.withToken(remotes, "git", TOKEN);
    url = server.url("fleet.git");
  }

  @AfterEach
  void tearDown() {
    caches.forEach(GitRepositoryCache::close);
    server.close();
  }

  private GitRepositoryCache cache(String name) {
    GitRepositoryCache cache = new GitRepositoryCache(tmp.resolve(name));
    caches.add(cache);
    return cache;
  }

  private static Map<String, byte[]> file(String path, String content) {
    return Map.of(path, content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void createsTheBranchAsAnOrphanWhenItIsMissing() throws Exception {
    StatusBranchWriter writer = new StatusBranchWriter(cache("a"));

    RefWriteResult result =
        writer.write(
            url,
            CREDENTIALS,
            BRANCH,
            file("clusters/east.yaml", "ready: true\n"),
            "status east",
            ORRERY);

    assertThat(result.committed()).isTrue();
    assertThat(result.refName()).isEqualTo("refs/heads/orrery-status");
    List<RevCommit> history = history();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).getParentCount()).isZero();
    assertThat(history.get(0).name()).isEqualTo(result.commitId());
    assertThat(history.get(0).getFullMessage()).isEqualTo("status east");
    assertThat(history.get(0).getAuthorIdent().getName()).isEqualTo("Orrery");
    assertThat(remoteFile("clusters/east.yaml")).isEqualTo("ready: true\n");
    assertThat(remoteFile("apps/web.yaml")).isNull();
  }

  @Test
  void commitsNothingWhenTheContentIsUnchanged() throws Exception {
    StatusBranchWriter writer = new StatusBranchWriter(cache("a"));
    RefWriteResult first =
        writer.write(
            url,
            CREDENTIALS,
            BRANCH,
            file("clusters/east.yaml", "ready: true\n"),
            "status",
            ORRERY);

    RefWriteResult again =
        writer.write(
            url,
            CREDENTIALS,
            BRANCH,
            file("clusters/east.yaml", "ready: true\n"),
            "status",
            ORRERY);

    assertThat(again.committed()).isFalse();
    assertThat(again.commitId()).isEqualTo(first.commitId());
    assertThat(history()).hasSize(1);
  }

  @Test
  void keepsOtherFilesAndBuildsOnTheTip() throws Exception {
    StatusBranchWriter writer = new StatusBranchWriter(cache("a"));
    RefWriteResult east =
        writer.write(
            url, CREDENTIALS, BRANCH, file("clusters/east.yaml", "ready: true\n"), "east", ORRERY);

    RefWriteResult west =
        writer.write(
            url, CREDENTIALS, BRANCH, file("clusters/west.yaml", "ready: false\n"), "west", ORRERY);

    assertThat(west.committed()).isTrue();
    assertThat(history()).hasSize(2);
    assertThat(history().get(0).getParent(0).name()).isEqualTo(east.commitId());
    assertThat(remoteFile("clusters/east.yaml")).isEqualTo("ready: true\n");
    assertThat(remoteFile("clusters/west.yaml")).isEqualTo("ready: false\n");
  }

  @Test
  void anOwnedDirectoryIsReplacedAsAWholeAndOtherFilesStay() throws Exception {
    StatusBranchWriter writer = new StatusBranchWriter(cache("a"));
    writer.write(url, CREDENTIALS, BRANCH, file("other/keep.yaml", "kept\n"), "other", ORRERY);
    Map<String, byte[]> two = new java.util.TreeMap<>();
    two.putAll(file("team/apps/policies/web.yaml", "web\n"));
    two.putAll(file("team/apps/policies/db.yaml", "db\n"));
    writer.write(url, CREDENTIALS, BRANCH, "team/apps", two, "two policies", ORRERY);

    RefWriteResult one =
        writer.write(
            url,
            CREDENTIALS,
            BRANCH,
            "team/apps",
            file("team/apps/policies/web.yaml", "web\n"),
            "db left",
            ORRERY);

    assertThat(one.committed()).isTrue();
    assertThat(remoteFile("team/apps/policies/web.yaml")).isEqualTo("web\n");
    assertThat(remoteFile("team/apps/policies/db.yaml")).isNull();
    assertThat(remoteFile("other/keep.yaml")).isEqualTo("kept\n");
    assertThat(
            writer
                .write(
                    url,
                    CREDENTIALS,
                    BRANCH,
                    "team/apps",
                    file("team/apps/policies/web.yaml", "web\n"),
                    "again",
                    ORRERY)
                .committed())
        .isFalse();
  }

  @Test
  void aWriterThatLosesARaceRebuildsOnTheNewTip() throws Exception {
    StatusBranchWriter a = new StatusBranchWriter(cache("a"));
    a.write(url, CREDENTIALS, BRANCH, file("clusters/base.yaml", "x\n"), "base", ORRERY);
    AtomicInteger interleaved = new AtomicInteger();
    StatusBranchWriter b =
        new StatusBranchWriter(
            cache("b"),
            StatusBranchWriter.DEFAULT_MAX_ATTEMPTS,
            attempt -> {
              if (attempt == 1) {
                interleaved.incrementAndGet();
                a.write(
                    url, CREDENTIALS, BRANCH, file("clusters/east.yaml", "east\n"), "east", ORRERY);
              }
            });

    RefWriteResult result =
        b.write(url, CREDENTIALS, BRANCH, file("clusters/west.yaml", "west\n"), "west", ORRERY);

    assertThat(interleaved).hasValue(1);
    assertThat(result.committed()).isTrue();
    assertThat(result.attempts()).isEqualTo(2);
    List<RevCommit> history = history();
    assertThat(history)
        .extracting(RevCommit::getShortMessage)
        .containsExactly("west", "east", "base");
    assertThat(remoteFile("clusters/east.yaml")).isEqualTo("east\n");
    assertThat(remoteFile("clusters/west.yaml")).isEqualTo("west\n");
  }

  @Test
  void anUpdateAnotherWriterAlreadyMadeIsNotCommittedTwice() throws Exception {
    StatusBranchWriter a = new StatusBranchWriter(cache("a"));
    a.write(url, CREDENTIALS, BRANCH, file("clusters/base.yaml", "x\n"), "base", ORRERY);
    StatusBranchWriter b =
        new StatusBranchWriter(
            cache("b"),
            StatusBranchWriter.DEFAULT_MAX_ATTEMPTS,
            attempt -> {
              if (attempt == 1) {
                a.write(
                    url, CREDENTIALS, BRANCH, file("clusters/east.yaml", "same\n"), "by a", ORRERY);
              }
            });

    RefWriteResult result =
        b.write(url, CREDENTIALS, BRANCH, file("clusters/east.yaml", "same\n"), "by b", ORRERY);

    assertThat(result.committed()).isFalse();
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(history()).extracting(RevCommit::getShortMessage).containsExactly("by a", "base");
  }

  @Test
  void twoWritersRacingOnThreadsLoseNoUpdateAndDuplicateNone() throws Exception {
    StatusBranchWriter a = new StatusBranchWriter(cache("a"), 50);
    StatusBranchWriter b = new StatusBranchWriter(cache("b"), 50);
    int perWriter = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String name : List.of("a", "b")) {
        StatusBranchWriter writer = name.equals("a") ? a : b;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perWriter; i++) {
                    writer.write(
                        url,
                        CREDENTIALS,
                        BRANCH,
                        file("w/" + name + i + ".yaml", name + i),
                        name + i,
                        ORRERY);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<RevCommit> history = history();
    assertThat(history).hasSize(2 * perWriter);
    assertThat(history).extracting(RevCommit::getShortMessage).doesNotHaveDuplicates();
    for (String name : List.of("a", "b")) {
      for (int i = 0; i < perWriter; i++) {
        assertThat(remoteFile("w/" + name + i + ".yaml")).isEqualTo(name + i);
      }
    }
  }

  @Test
  void aNewWriterAfterARestartContinuesFromTheRemoteTip() throws Exception {
    GitRepositoryCache before = new GitRepositoryCache(tmp.resolve("restart"));
    RefWriteResult first =
        new StatusBranchWriter(before)
            .write(url, CREDENTIALS, BRANCH, file("clusters/east.yaml", "v1\n"), "v1", ORRERY);
    before.close();

    GitRepositoryCache after = cache("restart");
    StatusBranchWriter restarted = new StatusBranchWriter(after);
    RefWriteResult unchanged =
        restarted.write(
            url, CREDENTIALS, BRANCH, file("clusters/east.yaml", "v1\n"), "v1 again", ORRERY);
    RefWriteResult changed =
        restarted.write(url, CREDENTIALS, BRANCH, file("clusters/east.yaml", "v2\n"), "v2", ORRERY);

    assertThat(unchanged.committed()).isFalse();
    assertThat(changed.committed()).isTrue();
    assertThat(history()).extracting(RevCommit::getShortMessage).containsExactly("v2", "v1");
    assertThat(history().get(0).getParent(0).name()).isEqualTo(first.commitId());
  }

  @Test
  void givesUpAfterTheAllowedAttempts() throws Exception {
    StatusBranchWriter a = new StatusBranchWriter(cache("a"));
    a.write(url, CREDENTIALS, BRANCH, file("base.yaml", "x\n"), "base", ORRERY);
    AtomicInteger competing = new AtomicInteger();
    StatusBranchWriter b =
        new StatusBranchWriter(
            cache("b"),
            2,
            attempt -> {
              int n = competing.incrementAndGet();
              a.write(
                  url,
                  CREDENTIALS,
                  BRANCH,
                  file("other" + n + ".yaml", "n\n"),
                  "other" + n,
                  ORRERY);
            });

    assertThatThrownBy(
            () -> b.write(url, CREDENTIALS, BRANCH, file("mine.yaml", "m\n"), "mine", ORRERY))
        .isInstanceOf(GitSourceException.class)
        .hasMessageContaining("after 2 attempts")
        .hasMessageNotContaining(TOKEN);
    assertThat(remoteFile("mine.yaml")).isNull();
  }

  @Test
  void rejectsPathsOutsideTheTree() {
    StatusBranchWriter writer = new StatusBranchWriter(cache("a"));

    for (String bad : List.of("/abs.yaml", "../up.yaml", "a//b.yaml", "dir/", ".git/config", "")) {
      assertThatThrownBy(
              () -> writer.write(url, CREDENTIALS, BRANCH, file(bad, "x"), "bad", ORRERY))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aWrongTokenIsAnAuthenticationError() {
    StatusBranchWriter writer = new StatusBranchWriter(cache("a"));

    assertThatThrownBy(
            () ->
                writer.write(
                    url,
                    new GitCredentials.Token("nope-token"),
                    BRANCH,
                    file("a.yaml", "x"),
                    "m",
                    ORRERY))
        .isInstanceOf(GitAuthenticationException.class)
        .hasMessageNotContaining("nope-token");
  }

  private List<RevCommit> history() throws Exception {
    try (Repository remote = openRemote();
        RevWalk walk = new RevWalk(remote)) {
      Ref branch = remote.exactRef("refs/heads/" + BRANCH);
      walk.markStart(walk.parseCommit(branch.getObjectId()));
      List<RevCommit> commits = new ArrayList<>();
      for (RevCommit c : walk) {
        walk.parseBody(c);
        commits.add(c);
      }
      return commits;
    }
  }

  private String remoteFile(String path) throws Exception {
    try (Repository remote = openRemote()) {
      Ref branch = remote.exactRef("refs/heads/" + BRANCH);
      CommitTree tree = CommitTree.of(remote, branch.getObjectId().name());
      return tree.paths().contains(path)
          ? new String(tree.read(path), StandardCharsets.UTF_8)
          : null;
    }
  }

  private Repository openRemote() throws Exception {
    return new FileRepositoryBuilder()
        .setGitDir(remotes.resolve("fleet.git").toFile())
        .setMustExist(true)
        .build();
  }
}
