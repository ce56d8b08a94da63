package dev.orrery.gitsource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Local bare copies of remote repositories, one per remote URL, fetched with JGit only the refs
 * that are asked for.
 *
 * <p>How a {@link FetchRequest} is served, under a lock held per URL (one fetch per repository at a
 * time):
 *
 * <ol>
 *   <li>The remote's refs are listed ({@code ls-remote}) and the {@link GitRef} is resolved against
 *       them (semver ranges pick their tag here).
 *   <li>If the local copy of that ref already points at the advertised object, nothing is fetched.
 *       Otherwise only that ref is fetched with an explicit refspec, shallow ({@code depth 1})
 *       unless the request asks for full history.
 *   <li>A commit no advertised ref points at is fetched by id (shallow) where the server allows
 *       that: git serves any reachable commit by id over HTTP and with protocol v2, and over
 *       protocol v0 (SSH, git://) when {@code uploadpack.allowReachableSHA1InWant} is set.
 *       Otherwise every branch and tag is fetched with full history and the commit looked up.
 *   <li>If the request names a previously applied commit that is not in the cache (a new cache, or
 *       history that was cut off by the shallow fetch), it is fetched by id (shallow); if the
 *       server refuses that, the ref's history is unshallowed (fetched in full). If it still cannot
 *       be found (for example after a force push), the result says so and the caller treats every
 *       file as changed.
 * </ol>
 *
 * <p>Commits fetched by id have no ref of their own, so they are kept under {@code
 * refs/orrery/commits/<id>}; at most {@value #MAX_PINS} such refs are kept per repository.
 */
public final class GitRepositoryCache implements AutoCloseable {

  static final String PIN_PREFIX = "refs/orrery/commits/";
  static final String OTHER_REFS_PREFIX = "refs/orrery/remote/";
  static final int MAX_PINS = 64;

  private final Path root;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();

  /** A cache keeping its repositories under {@code root}, which is created if missing. */
  public GitRepositoryCache(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new GitSourceException("cannot create the Git cache directory " + root, e);
    }
  }

  /** The directory holding the bare repository of {@code url}. */
  public Path directory(String url) {
    return root.resolve(CacheDirectoryName.of(url));
  }

  /**
   * Fetches the revision a request names into the local bare repository.
   *
   * @throws RefResolutionException if the ref or commit does not exist in the remote
   * @throws GitAuthenticationException if the remote refuses the credentials
   * @throws HostKeyRejectedException if the SSH host key is not trusted
   * @throws GitSourceException for any other failure
   */
  public FetchResult fetch(FetchRequest request) {
    return withRepository(
        request.url(),
        repository -> {
          try (TransportAuth auth = TransportAuth.forUrl(request.url(), request.credentials())) {
            return new RevisionFetch(repository, request, auth).run();
          }
        });
  }

  /**
   * The refs the remote advertises.
   *
   * @throws GitSourceException if the remote cannot be reached or refuses the credentials
   */
  public Collection<Ref> lsRemote(String url, GitCredentials credentials) {
    try (TransportAuth auth = TransportAuth.forUrl(url, credentials)) {
      return lsRemote(url, auth);
    }
  }

  static Collection<Ref> lsRemote(String url, TransportAuth auth) {
    try {
      return auth.apply(Git.lsRemoteRepository().setRemote(url)).call();
    } catch (GitAPIException | RuntimeException e) {
      if (e instanceof GitSourceException g) {
        throw g;
      }
      throw auth.failure("listing refs of", e);
    }
  }

  /** The files of a fetched commit. */
  public CommitTree tree(String url, String commitId) {
    return CommitTree.of(repository(url), commitId);
  }

  /** The files that differ between two fetched commits ({@code oldCommit} may be null). */
  public ChangedPaths changedPaths(String url, String oldCommit, String newCommit) {
    return ChangedPaths.between(repository(url), oldCommit, newCommit);
  }

  /**
   * The local bare repository of {@code url}, created empty if missing. It stays open until the
   * cache is closed; callers must not close it.
   */
  public Repository repository(String url) {
    return repositories.computeIfAbsent(key(url), k -> open(directory(url)));
  }

  /**
   * Runs {@code action} on the repository of {@code url} while holding that URL's lock, so no fetch
   * or other action on the same repository runs at the same time.
   */
  public <T> T withRepository(String url, RepositoryAction<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(key(url), k -> new ReentrantLock());
    lock.lock();
    try {
      return action.run(repository(url));
    } catch (IOException e) {
      throw new GitSourceException(
          "Git cache of "
              + SecretScrubber.withoutUserInfo(url)
              + " failed: "
              + SecretScrubber.scrub(e.getMessage(), null),
          SecretScrubber.scrub(e, null));
    } finally {
      lock.unlock();
    }
  }

  /** How many threads wait for the lock of {@code url}'s repository (for tests). */
  int threadsWaitingFor(String url) {
    ReentrantLock lock = locks.get(key(url));
    return lock == null ? 0 : lock.getQueueLength();
  }

  private static String key(String url) {
    return SecretScrubber.withoutUserInfo(url.trim());
  }

  private static Repository open(Path dir) {
    try {
      Repository repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
      if (!repository.getObjectDatabase().exists()) {
        repository.create(true);
      }
      return repository;
    } catch (IOException | IllegalStateException e) {
      throw new GitSourceException("cannot open the Git cache " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    repositories.values().forEach(Repository::close);
    repositories.clear();
  }

  /** An action on a repository run under its URL's lock. */
  @FunctionalInterface
  public interface RepositoryAction<T> {
    /** Runs the action. */
    T run(Repository repository) throws IOException;
  }

  /** Where a remote ref is kept locally: branches and tags by their own name, others aside. */
  static String localRefName(String remoteRef) {
    if (remoteRef.startsWith(Constants.R_HEADS) || remoteRef.startsWith(Constants.R_TAGS)) {
      return remoteRef;
    }
    return OTHER_REFS_PREFIX + remoteRef;
  }
}
