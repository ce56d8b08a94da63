package dev.orrery.gitsource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local bare copies of remote repositories, one per remote URL, fetched with JGit only the refs
 * that are asked for.
 *
 * <p>How a {@link FetchRequest} is served, under a lock held per URL (one fetch per repository at
 * a time):
 *
 * <ol>
 *   <li>The remote's refs are listed ({@code ls-remote}) and the {@link GitRef} is resolved
 *       against them (semver ranges pick their tag here).
 *   <li>If the local copy of that ref already points at the advertised object, nothing is
 *       fetched. Otherwise only that ref is fetched with an explicit refspec, shallow ({@code
 *       depth 1}) unless the request asks for full history.
 *   <li>A commit no advertised ref points at is fetched by id (shallow) where the server allows
 *       that: git serves any reachable commit by id over HTTP and with protocol v2, and over
 *       protocol v0 (SSH, git://) when {@code uploadpack.allowReachableSHA1InWant} is set.
 *       Otherwise every branch and tag is fetched with full history and the commit looked up.
 *   <li>If the request names a previously applied commit that is not in the cache (a new cache,
 *       or history that was cut off by the shallow fetch), it is fetched by id (shallow); if the
 *       server refuses that, the ref's history is unshallowed (fetched in full). If it still cannot
 *       be found (for example after a force push), the result says so and the caller treats every
 *       file as changed.
 * </ol>
 *
 * <p>Commits fetched by id have no ref of their own, so they are kept under {@code
 * refs/orrery/commits/<id>}; at most {@value #MAX_PINS} such refs are kept per repository.
 */
public final class GitRepositoryCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GitRepositoryCache.class);
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
            return new Fetcher(repository, request, auth).run();
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
   * Runs {@code action} on the repository of {@code url} while holding that URL's lock, so no
   * fetch or other action on the same repository runs at the same time.
   */
  public <T> T withRepository(String url, RepositoryAction<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(key(url), k -> new ReentrantLock());
    lock.lock();
    try {
      return action.run(repository(url));
    } catch (IOException e) {
      throw new GitSourceException(
          "Git cache of " + SecretScrubber.withoutUserInfo(url) + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
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

  /** One fetch: resolve, fetch what is missing, pin commits without a ref. */
  private static final class Fetcher {
    private final Repository repository;
    private final FetchRequest request;
    private final TransportAuth auth;
    private final String where;

    Fetcher(Repository repository, FetchRequest request, TransportAuth auth) {
      this.repository = repository;
      this.request = request;
      this.auth = auth;
      this.where = SecretScrubber.withoutUserInfo(request.url());
    }

    FetchResult run() throws IOException {
      ResolvedRef resolved = request.ref().resolve(lsRemote(request.url(), auth));
      ObjectId commit;
      String localRef = null;
      if (resolved.advertised()) {
        localRef = localRefName(resolved.refName());
        fetchRef(resolved, localRef);
        commit = peelToCommit(repository.exactRef(localRef).getObjectId());
        if (request.ref() instanceof GitRef.Commit wanted && !commit.name().equals(wanted.sha())) {
          // The ref moved between listing and fetching; get the commit that was asked for.
          commit = fetchCommitById(ObjectId.fromString(wanted.sha()));
        }
      } else {
        commit = fetchCommitById(ObjectId.fromString(resolved.objectId()));
      }
      boolean previousAvailable = false;
      if (request.previousCommit() != null) {
        previousAvailable = ensurePrevious(ObjectId.fromString(request.previousCommit()), resolved);
      }
      boolean shallow = !repository.getObjectDatabase().getShallowCommits().isEmpty();
      LOG.info("Fetched {} {} at {}", where, resolved.advertised() ? resolved.refName() : "commit", commit.name());
      return new FetchResult(
          where,
          resolved.refName(),
          commit.name(),
          resolved.version(),
          request.previousCommit(),
          previousAvailable,
          shallow);
    }

    private void fetchRef(ResolvedRef resolved, String localRef) throws IOException {
      ObjectId advertised = ObjectId.fromString(resolved.objectId());
      Ref current = repository.exactRef(localRef);
      boolean upToDate =
          current != null
              && advertised.equals(current.getObjectId())
              && repository.getObjectDatabase().has(advertised)
              && (request.shallow() || !isShallow());
      if (upToDate) {
        LOG.debug("{} {} is up to date at {}", where, resolved.refName(), advertised.name());
        return;
      }
      FetchCommand fetch =
          Git.wrap(repository)
              .fetch()
              .setRemote(request.url())
              .setRefSpecs(new RefSpec("+" + resolved.refName() + ":" + localRef))
              .setTagOpt(TagOpt.NO_TAGS);
      if (request.shallow()) {
        fetch.setDepth(1);
      } else if (isShallow()) {
        fetch.setUnshallow(true);
      }
      call(fetch, "fetching " + resolved.refName() + " from");
    }

    private ObjectId fetchCommitById(ObjectId id) throws IOException {
      if (!hasCommit(id)) {
        if (!tryFetchById(id)) {
          LOG.info("{} does not serve commit {} by id; fetching all branches and tags", where, id.name());
          FetchCommand all =
              Git.wrap(repository)
                  .fetch()
                  .setRemote(request.url())
                  .setRefSpecs(
                      new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_HEADS + "*"),
                      new RefSpec("+" + Constants.R_TAGS + "*:" + Constants.R_TAGS + "*"))
                  .setTagOpt(TagOpt.NO_TAGS);
          if (isShallow()) {
            all.setUnshallow(true);
          }
          call(all, "fetching all branches and tags from");
        }
        if (!hasCommit(id)) {
          throw new RefResolutionException("commit " + id.name() + " does not exist in " + where);
        }
      }
      pin(id);
      return id;
    }

    private boolean ensurePrevious(ObjectId previous, ResolvedRef resolved) throws IOException {
      if (hasCommit(previous)) {
        return true;
      }
      if (!tryFetchById(previous) && resolved.advertised() && isShallow()) {
        LOG.info("{} does not serve commit {} by id; unshallowing {}", where, previous.name(), resolved.refName());
        call(
            Git.wrap(repository)
                .fetch()
                .setRemote(request.url())
                .setRefSpecs(new RefSpec("+" + resolved.refName() + ":" + localRefName(resolved.refName())))
                .setTagOpt(TagOpt.NO_TAGS)
                .setUnshallow(true),
            "unshallowing " + resolved.refName() + " from");
      }
      if (!hasCommit(previous)) {
        LOG.info("{}: previous commit {} is not available; all paths count as changed", where, previous.name());
        return false;
      }
      pin(previous);
      return true;
    }

    /** Fetches one commit by id, shallow; false if the server refuses wants of unadvertised ids. */
    private boolean tryFetchById(ObjectId id) throws IOException {
      try {
        FetchCommand fetch =
            auth.apply(
                Git.wrap(repository)
                    .fetch()
                    .setRemote(request.url())
                    .setRefSpecs(new RefSpec(id.name()))
                    .setTagOpt(TagOpt.NO_TAGS));
        if (request.shallow()) {
          fetch.setDepth(1);
        }
        fetch.call();
      } catch (GitAPIException | RuntimeException e) {
        GitSourceException failure = auth.failure("fetching " + id.name() + " from", e);
        if (failure instanceof GitAuthenticationException || failure instanceof HostKeyRejectedException) {
          throw failure;
        }
        LOG.debug("Fetching {} by id from {} failed: {}", id.name(), where, failure.getMessage());
        return false;
      }
      if (!hasCommit(id)) {
        return false;
      }
      pin(id);
      return true;
    }

    private void call(FetchCommand fetch, String action) {
      try {
        auth.apply(fetch).call();
      } catch (GitAPIException | RuntimeException e) {
        throw auth.failure(action, e);
      }
    }

    private boolean isShallow() throws IOException {
      return !repository.getObjectDatabase().getShallowCommits().isEmpty();
    }

    private boolean hasCommit(ObjectId id) throws IOException {
      if (!repository.getObjectDatabase().has(id)) {
        return false;
      }
      try (RevWalk walk = new RevWalk(repository)) {
        walk.parseCommit(id);
        return true;
      } catch (IncorrectObjectTypeException e) {
        return false;
      }
    }

    private ObjectId peelToCommit(ObjectId id) throws IOException {
      try (RevWalk walk = new RevWalk(repository)) {
        return walk.parseCommit(id).copy();
      } catch (IncorrectObjectTypeException e) {
        throw new RefResolutionException(
            request.ref() + " in " + where + " does not point at a commit");
      }
    }

    private void pin(ObjectId id) throws IOException {
      RefUpdate update = repository.updateRef(PIN_PREFIX + id.name());
      update.setNewObjectId(id);
      update.setForceUpdate(true);
      update.update();
      List<Ref> pins = new ArrayList<>(repository.getRefDatabase().getRefsByPrefix(PIN_PREFIX));
      if (pins.size() > MAX_PINS) {
        for (Ref pin : pins) {
          String name = pin.getName();
          if (!name.equals(PIN_PREFIX + id.name())
              && !name.equals(PIN_PREFIX + request.previousCommit())) {
            RefUpdate delete = repository.updateRef(name);
            delete.setForceUpdate(true);
            delete.delete();
          }
        }
      }
    }
  }

  /** Where a remote ref is kept locally: branches and tags by their own name, others aside. */
  static String localRefName(String remoteRef) {
    if (remoteRef.startsWith(Constants.R_HEADS) || remoteRef.startsWith(Constants.R_TAGS)) {
      return remoteRef;
    }
    return OTHER_REFS_PREFIX + remoteRef;
  }
}
