package dev.orrery.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.gitsource.testing.GitFixtures;
import dev.orrery.gitsource.testing.GitHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS-style token auth against a server that enforces basic auth, and a user pushing with the git
 * command line.
 */
class HttpTokenAuthTest {

  private static final String TOKEN = "ghp_s3cr3tT0kenValue1234567890";
  private static final String WRONG = "ghp_wr0ngT0kenValue0987654321";

  @TempDir Path tmp;

  private Repository remote;
  private GitHttpServer server;
  private GitRepositoryCache cache;
  private RevCommit initial;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    Path remotes = Files.createDirectories(tmp.resolve("remotes"));
    remote = GitFixtures.createBare(remotes, "private.git");
    initial =
        GitFixtures.builder(remote)
            .branch("refs/heads/main")
            .commit()
            .add("apps/web.yaml", "kind: Deployment\n")
            .add("apps/db.yaml", "kind: StatefulSet\n")
            .create();
    server = GitHttpServer.withToken(remotes, "git", TOKEN);
    url = server.url("private.git");
    cache = new GitRepositoryCache(tmp.resolve("cache"));
  }

  @AfterEach
  void tearDown() {
    cache.close();
    server.close();
    remote.close();
  }

  @Test
  void fetchesWithTheRightToken() {
    FetchResult result =
        cache.fetch(FetchRequest.of(url, GitRef.branch("main"), new GitCredentials.Token(TOKEN)));

    assertThat(result.commitId()).isEqualTo(initial.name());
  }

  @Test
  void aWrongTokenFailsWithoutRevealingIt() {
    Throwable error =
        catchGitError(
            () ->
                cache.fetch(
                    FetchRequest.of(url, GitRef.branch("main"), new GitCredentials.Token(WRONG))));

    assertThat(error).isInstanceOf(GitAuthenticationException.class);
    assertThat(error.getMessage()).contains(url).contains("not authorized").contains("token=***");
    assertThat(stackTraceOf(error)).doesNotContain(WRONG).doesNotContain(TOKEN);
    assertThat(server.unauthorizedRequests()).isPositive();
  }

  @Test
  void aTokenInTheUrlIsScrubbedFromErrors() {
    String withUserInfo = url.replace("http://", "http://git:" + WRONG + "@");

    Throwable error =
        catchGitError(
            () ->
                cache.fetch(
                    FetchRequest.of(withUserInfo, GitRef.branch("main"), GitCredentials.NONE)));

    assertThat(error).isInstanceOf(GitAuthenticationException.class);
    assertThat(stackTraceOf(error)).doesNotContain(WRONG);
    assertThat(cache.directory(withUserInfo).getFileName().toString()).doesNotContain(WRONG);
  }

  @Test
  void noCredentialsFailAsAuthenticationError() {
    assertThatThrownBy(
            () -> cache.fetch(FetchRequest.of(url, GitRef.branch("main"), GitCredentials.NONE)))
        .isInstanceOf(GitAuthenticationException.class);
  }

  @Test
  void basicCredentialsWork() {
    FetchResult result =
        cache.fetch(
            FetchRequest.of(url, GitRef.branch("main"), new GitCredentials.Basic("git", TOKEN)));

    assertThat(result.commitId()).isEqualTo(initial.name());
  }

  @Test
  void aPushFromTheGitCommandLineIsFetchedWithOnlyItsChanges() throws Exception {
    FetchResult before =
        cache.fetch(FetchRequest.of(url, GitRef.branch("main"), new GitCredentials.Token(TOKEN)));
    Path clone = tmp.resolve("clone");
    String authUrl = url.replace("http://", "http://git:" + TOKEN + "@");
    GitFixtures.git(tmp, "clone", "--quiet", authUrl, clone.toString());
    Files.writeString(clone.resolve("apps/web.yaml"), "kind: Deployment\nreplicas: 3\n");
    Files.writeString(clone.resolve("apps/cache.yaml"), "kind: Service\n");
    GitFixtures.git(clone, "rm", "--quiet", "apps/db.yaml");
    GitFixtures.git(clone, "add", "-A");
    GitFixtures.git(clone, "commit", "--quiet", "-m", "scale web, add cache, drop db");
    GitFixtures.git(clone, "push", "--quiet", "origin", "main");
    String pushed = GitFixtures.git(clone, "rev-parse", "HEAD").trim();

    FetchResult after =
        cache.fetch(
            FetchRequest.of(url, GitRef.branch("main"), new GitCredentials.Token(TOKEN))
                .withPreviousCommit(before.commitId()));

    assertThat(after.commitId()).isEqualTo(pushed);
    assertThat(after.previousCommitAvailable()).isTrue();
    ChangedPaths changes = cache.changedPaths(url, before.commitId(), after.commitId());
    assertThat(changes.added()).containsExactly("apps/cache.yaml");
    assertThat(changes.modified()).containsExactly("apps/web.yaml");
    assertThat(changes.deleted()).containsExactly("apps/db.yaml");
    assertThat(new String(cache.tree(url, pushed).read("apps/web.yaml"), StandardCharsets.UTF_8))
        .contains("replicas: 3");
  }

  private static Throwable catchGitError(Runnable action) {
    try {
      action.run();
    } catch (GitSourceException e) {
      return e;
    }
    throw new AssertionError("expected a GitSourceException");
  }

  private static String stackTraceOf(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
