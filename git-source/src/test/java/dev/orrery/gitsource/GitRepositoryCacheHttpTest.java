package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.gitsource.testing.GitFixtures;
import dev.orrery.gitsource.testing.GitHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches over real smart HTTP ({@code git http-backend}) into the cache. */
class GitRepositoryCacheHttpTest {

  @TempDir Path tmp;

  private Path remotes;
  private Repository remote;
  private TestRepository<Repository> git;
  private GitHttpServer server;
  private GitRepositoryCache cache;
  private RevCommit first;
  private RevCommit second;
  private RevCommit third;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    remotes = Files.createDirectories(tmp.resolve("remotes"));
    remote = GitFixtures.createBare(remotes, "app.git");
    git = GitFixtures.builder(remote);
    first =
        git.branch("refs/heads/main")
            .commit()
            .add("apps/a.yaml", "a: 1\n")
            .add("apps/b.yaml", "b: 1\n")
            .add("apps/old-name.yaml", "renamed: true\n")
            .create();
    second = git.branch("refs/heads/main").commit().add("apps/a.yaml", "a: 2\n").create();
    third =
        git.branch("refs/heads/main")
            .commit()
            .rm("apps/b.yaml")
            .rm("apps/old-name.yaml")
            .add("apps/new-name.yaml", "renamed: true\n")
            .add("apps/c.yaml", "c: 1\n")
            .create();
    git.lightweightTag("v1.0.0", first);
    git.update("refs/tags/v1.2.0", git.tag("v1.2.0", second));
    git.lightweightTag("1.3.0-rc.1", third);
    git.lightweightTag("v2.0.0", third);
    git.lightweightTag("release-candidate", third);
    server = GitHttpServer.anonymous(remotes);
    url = server.url("app.git");
    cache = new GitRepositoryCache(tmp.resolve("cache"));
  }

  @AfterEach
  void tearDown() {
    cache.close();
    server.close();
    remote.close();
  }

  @Test
  void fetchesABranchShallowly() throws Exception {
    FetchResult result =
        cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE));

    assertThat(result.commitId()).isEqualTo(third.name());
    assertThat(result.refName()).isEqualTo("refs/heads/main");
    assertThat(result.shallow()).isTrue();
    Path cacheDir = cache.directory(url);
    assertThat(cacheDir.resolve("shallow")).exists();
    assertThat(cacheDir.resolve("HEAD")).exists();
    assertThat(cacheDir.resolve("index")).doesNotExist();
    assertThat(commitCount(cache.repository(url), result.commitId())).isEqualTo(1);
  }

  @Test
  void fetchesNothingWhenTheRefDidNotMove() throws Exception {
    cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE));
    int fetches = server.fetchRequests();

    FetchResult again =
        cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE));

    assertThat(again.commitId()).isEqualTo(third.name());
    assertThat(server.fetchRequests()).isEqualTo(fetches);

    RevCommit fourth = git.branch("refs/heads/main").commit().add("apps/d.yaml", "d: 1\n").create();
    FetchResult moved =
        cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE));
    assertThat(moved.commitId()).isEqualTo(fourth.name());
    assertThat(server.fetchRequests()).isEqualTo(fetches + 1);
  }

  @Test
  void fullHistoryUnshallowsTheCache() throws Exception {
    cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE));

    FetchResult full =
        cache.fetch(
            FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE).withFullHistory());

    assertThat(full.shallow()).isFalse();
    assertThat(commitCount(cache.repository(url), full.commitId())).isEqualTo(3);
  }

  @Test
  void fetchesLightweightAndAnnotatedTags() {
    FetchResult lightweight =
        cache.fetch(FetchRequest.of(url, GitRef.tag("v1.0.0"), GitCredentials.NONE));
    FetchResult annotated =
        cache.fetch(FetchRequest.of(url, GitRef.tag("refs/tags/v1.2.0"), GitCredentials.NONE));

    assertThat(lightweight.commitId()).isEqualTo(first.name());
    assertThat(annotated.commitId()).isEqualTo(second.name());
    assertThat(annotated.refName()).isEqualTo("refs/tags/v1.2.0");
  }

  @Test
  void semverPicksTheHighestMatchingTag() {
    FetchResult below2 =
        cache.fetch(FetchRequest.of(url, GitRef.semver(">=1.0.0 <2.0.0"), GitCredentials.NONE));
    FetchResult caret =
        cache.fetch(FetchRequest.of(url, GitRef.semver("^1.0"), GitCredentials.NONE));
    FetchResult any = cache.fetch(FetchRequest.of(url, GitRef.semver("*"), GitCredentials.NONE));
    FetchResult preRelease =
        cache.fetch(
            FetchRequest.of(url, GitRef.semver(">=1.3.0-rc.0 <2.0.0"), GitCredentials.NONE));

    assertThat(below2.refName()).isEqualTo("refs/tags/v1.2.0");
    assertThat(below2.version()).isEqualTo("1.2.0");
    assertThat(below2.commitId()).isEqualTo(second.name());
    assertThat(caret.refName()).isEqualTo("refs/tags/v1.2.0");
    assertThat(any.refName()).isEqualTo("refs/tags/v2.0.0");
    assertThat(preRelease.refName()).isEqualTo("refs/tags/1.3.0-rc.1");
    assertThat(preRelease.commitId()).isEqualTo(third.name());
  }

  @Test
  void semverWithoutAMatchFails() {
    assertThatThrownBy(
            () -> cache.fetch(FetchRequest.of(url, GitRef.semver("^3"), GitCredentials.NONE)))
        .isInstanceOf(RefResolutionException.class)
        .hasMessageContaining("^3");
  }

  @Test
  void aCommitAtABranchTipIsFetchedThroughThatBranch() throws Exception {
    FetchResult result =
        cache.fetch(FetchRequest.of(url, GitRef.commit(third.name()), GitCredentials.NONE));

    assertThat(result.commitId()).isEqualTo(third.name());
    assertThat(result.refName()).isEqualTo("refs/heads/main");
    assertThat(commitCount(cache.repository(url), third.name())).isEqualTo(1);
  }

  @Test
  void anUnadvertisedCommitIsFetchedByIdShallowly() throws Exception {
    git.delete("refs/tags/v1.0.0");

    FetchResult result =
        cache.fetch(FetchRequest.of(url, GitRef.commit(first.name()), GitCredentials.NONE));

    assertThat(result.commitId()).isEqualTo(first.name());
    assertThat(result.refName()).isNull();
    assertThat(commitCount(cache.repository(url), first.name())).isEqualTo(1);
    assertThat(cache.repository(url).exactRef(GitRepositoryCache.PIN_PREFIX + first.name()))
        .isNotNull();
    assertThat(cache.repository(url).exactRef("refs/heads/main")).isNull();
  }

  @Test
  void unknownRefsAndCommitsFail() {
    assertThatThrownBy(
            () -> cache.fetch(FetchRequest.of(url, GitRef.branch("nope"), GitCredentials.NONE)))
        .isInstanceOf(RefResolutionException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(
            () -> cache.fetch(FetchRequest.of(url, GitRef.tag("v9"), GitCredentials.NONE)))
        .isInstanceOf(RefResolutionException.class);
    String missing = "1234567890123456789012345678901234567890";
    assertThatThrownBy(
            () -> cache.fetch(FetchRequest.of(url, GitRef.commit(missing), GitCredentials.NONE)))
        .isInstanceOf(RefResolutionException.class)
        .hasMessageContaining(missing);
  }

  @Test
  void thePreviousCommitIsFetchedByIdForTheDiff() {
    FetchResult result =
        cache.fetch(
            FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE)
                .withPreviousCommit(first.name()));

    assertThat(result.previousCommitAvailable()).isTrue();
    assertThat(result.shallow()).isTrue();
    assertThat(commitCount(cache.repository(url), third.name())).isEqualTo(1);
    assertChangesFromFirstToThird(cache.changedPaths(url, first.name(), result.commitId()));
  }

  @Test
  void aPreviousCommitThatNoLongerExistsIsReportedUnavailable() {
    String gone = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";

    FetchResult result =
        cache.fetch(
            FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE)
                .withPreviousCommit(gone));

    assertThat(result.previousCommitAvailable()).isFalse();
    assertThat(result.commitId()).isEqualTo(third.name());
  }

  @Test
  void readsTheFetchedTreeWithoutAWorkTree() throws Exception {
    FetchResult result =
        cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE));

    CommitTree tree = cache.tree(url, result.commitId());

    assertThat(tree.paths()).containsExactly("apps/a.yaml", "apps/c.yaml", "apps/new-name.yaml");
    assertThat(new String(tree.read("apps/a.yaml"), StandardCharsets.UTF_8)).isEqualTo("a: 2\n");
  }

  @Test
  void oneRepositoryIsWorkedOnByOneThreadAtATime() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Object> holder =
          pool.submit(
              () ->
                  cache.withRepository(
                      url,
                      repository -> {
                        holding.countDown();
                        await(release);
                        return null;
                      }));
      assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
      Future<FetchResult> fetch =
          pool.submit(
              () -> cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE)));

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (cache.threadsWaitingFor(url) == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(cache.threadsWaitingFor(url)).isEqualTo(1);
      assertThat(fetch.isDone()).isFalse();
      assertThat(server.fetchRequests()).isZero();

      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
      assertThat(fetch.get(60, TimeUnit.SECONDS).commitId()).isEqualTo(third.name());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void differentUrlsHaveDifferentCacheDirectories() {
    assertThat(cache.directory(url)).isNotEqualTo(cache.directory(url + "/other.git"));
    assertThat(cache.directory(url).getParent()).isEqualTo(tmp.resolve("cache"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void assertChangesFromFirstToThird(ChangedPaths changes) {
    assertThat(changes.added()).containsExactly("apps/c.yaml", "apps/new-name.yaml");
    assertThat(changes.modified()).containsExactly("apps/a.yaml");
    assertThat(changes.deleted()).containsExactly("apps/b.yaml", "apps/old-name.yaml");
  }

  private static int commitCount(Repository repository, String commit) {
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(ObjectId.fromString(commit)));
      int count = 0;
      while (walk.next() != null) {
        count++;
      }
      return count;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
