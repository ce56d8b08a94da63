package dev.orrery.gitsource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch of a {@link FetchRequest} into a cached bare repository: resolve the ref, fetch only
 * what is missing, make sure the previous commit is there, pin commits that have no ref. The
 * strategy is described on {@link GitRepositoryCache}; the caller holds the URL's lock.
 */
final class RevisionFetch {

  private static final Logger LOG = LoggerFactory.getLogger(RevisionFetch.class);

  private final Repository repository;
  private final FetchRequest request;
  private final TransportAuth auth;
  private final String where;

  RevisionFetch(Repository repository, FetchRequest request, TransportAuth auth) {
    this.repository = repository;
    this.request = request;
    this.auth = auth;
    this.where = SecretScrubber.withoutUserInfo(request.url());
  }

  FetchResult run() throws IOException {
    ResolvedRef resolved = request.ref().resolve(GitRepositoryCache.lsRemote(request.url(), auth));
    ObjectId commit;
    String localRef = null;
    boolean fetched = true;
    if (resolved.advertised()) {
      localRef = GitRepositoryCache.localRefName(resolved.refName());
      fetched = fetchRef(resolved, localRef);
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
    String what = resolved.advertised() ? resolved.refName() : "commit";
    if (fetched) {
      LOG.info("Fetched {} {} at {}", where, what, commit.name());
    } else {
      LOG.debug("{} {} is up to date at {}", where, what, commit.name());
    }
    return new FetchResult(
        where,
        resolved.refName(),
        commit.name(),
        resolved.version(),
        request.previousCommit(),
        previousAvailable,
        shallow);
  }

  /** Fetches the ref unless the cache already has it; returns whether it fetched. */
  private boolean fetchRef(ResolvedRef resolved, String localRef) throws IOException {
    ObjectId advertised = ObjectId.fromString(resolved.objectId());
    Ref current = repository.exactRef(localRef);
    boolean upToDate =
        current != null
            && advertised.equals(current.getObjectId())
            && repository.getObjectDatabase().has(advertised)
            && (request.shallow() || !isShallow());
    if (upToDate) {
      return false;
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
    return true;
  }

  private ObjectId fetchCommitById(ObjectId id) throws IOException {
    if (!hasCommit(id)) {
      if (!tryFetchById(id)) {
        LOG.info(
            "{} does not serve commit {} by id; fetching all branches and tags", where, id.name());
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
      LOG.info(
          "{} does not serve commit {} by id; unshallowing {}",
          where,
          previous.name(),
          resolved.refName());
      call(
          Git.wrap(repository)
              .fetch()
              .setRemote(request.url())
              .setRefSpecs(
                  new RefSpec(
                      "+"
                          + resolved.refName()
                          + ":"
                          + GitRepositoryCache.localRefName(resolved.refName())))
              .setTagOpt(TagOpt.NO_TAGS)
              .setUnshallow(true),
          "unshallowing " + resolved.refName() + " from");
    }
    if (!hasCommit(previous)) {
      LOG.info(
          "{}: previous commit {} is not available; all paths count as changed",
          where,
          previous.name());
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
      if (failure instanceof GitAuthenticationException
          || failure instanceof HostKeyRejectedException) {
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
    RefUpdate update = repository.updateRef(GitRepositoryCache.PIN_PREFIX + id.name());
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    update.update();
    List<Ref> pins =
        new ArrayList<>(repository.getRefDatabase().getRefsByPrefix(GitRepositoryCache.PIN_PREFIX));
    if (pins.size() > GitRepositoryCache.MAX_PINS) {
      for (Ref pin : pins) {
        String name = pin.getName();
        if (!name.equals(GitRepositoryCache.PIN_PREFIX + id.name())
            && !name.equals(GitRepositoryCache.PIN_PREFIX + request.previousCommit())) {
          RefUpdate delete = repository.updateRef(name);
          delete.setForceUpdate(true);
          delete.delete();
        }
      }
    }
  }
}
