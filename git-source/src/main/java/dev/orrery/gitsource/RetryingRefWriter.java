package dev.orrery.gitsource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a commit onto a remote ref without a work tree, as compare-and-swap: list the ref, fetch
 * its tip (shallow), build the new commit on top of it, push expecting that tip. When another
 * writer got there first (non-fast-forward or changed ref), it starts over from the new tip, a
 * bounded number of times. The builder decides from the current tip whether anything is left to
 * write, so an update that already reached the remote is never committed twice.
 */
final class RetryingRefWriter {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingRefWriter.class);
  static final String TRACKING_PREFIX = "refs/orrery/push/";

  /** Builds the next commit from the current tip, or returns {@code null} if nothing changes. */
  @FunctionalInterface
  interface CommitBuilder {
    ObjectId build(Repository repository, ObjectInserter inserter, RevCommit tip)
        throws IOException;
  }

  /** Called after a commit is built and before it is pushed; lets tests interleave writers. */
  @FunctionalInterface
  interface BeforePush {
    BeforePush NONE = attempt -> {};

    void run(int attempt);
  }

  private final GitRepositoryCache cache;
  private final int maxAttempts;
  private final BeforePush beforePush;

  RetryingRefWriter(GitRepositoryCache cache, int maxAttempts, BeforePush beforePush) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive");
    }
    this.cache = cache;
    this.maxAttempts = maxAttempts;
    this.beforePush = beforePush;
  }

  RefWriteResult write(
      String url, GitCredentials credentials, String remoteRef, CommitBuilder builder) {
    String where = SecretScrubber.withoutUserInfo(url);
    String lastRejection = "";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      int current = attempt;
      Attempt outcome =
          cache.withRepository(
              url,
              repository -> {
                try (TransportAuth auth = TransportAuth.forUrl(url, credentials)) {
                  return attempt(repository, url, auth, remoteRef, builder, current);
                }
              });
      if (outcome.result() != null) {
        return outcome.result();
      }
      lastRejection = outcome.rejection();
      LOG.info(
          "Push of {} to {} lost a race ({}); retrying on the new tip",
          remoteRef,
          where,
          lastRejection);
    }
    throw new GitSourceException(
        "could not update "
            + remoteRef
            + " in "
            + where
            + " after "
            + maxAttempts
            + " attempts; last rejection: "
            + lastRejection);
  }

  private record Attempt(RefWriteResult result, String rejection) {}

  private Attempt attempt(
      Repository repository,
      String url,
      TransportAuth auth,
      String remoteRef,
      CommitBuilder builder,
      int attempt)
      throws IOException {
    ObjectId tip = advertisedTip(url, auth, remoteRef);
    String tracking = TRACKING_PREFIX + remoteRef;
    if (tip != null && !repository.getObjectDatabase().has(tip)) {
      try {
        fetchTip(repository, url, auth, remoteRef, tracking);
      } catch (GitAuthenticationException | HostKeyRejectedException e) {
        throw e;
      } catch (GitSourceException e) {
        // For example the ref was deleted after it was listed; start over.
        return new Attempt(null, e.getMessage());
      }
      if (!repository.getObjectDatabase().has(tip)) {
        // The ref moved between listing and fetching: build on what was fetched instead.
        Ref fetched = repository.exactRef(tracking);
        tip = fetched == null ? null : fetched.getObjectId();
      }
    }
    ObjectId next;
    try (ObjectInserter inserter = repository.newObjectInserter();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit tipCommit = tip == null ? null : walk.parseCommit(tip);
      next = builder.build(repository, inserter, tipCommit);
      inserter.flush();
    }
    if (next == null) {
      return new Attempt(
          new RefWriteResult(remoteRef, tip == null ? null : tip.name(), false, attempt), null);
    }
    beforePush.run(attempt);
    RemoteRefUpdate.Status status;
    String message;
    try (Transport transport = Transport.open(repository, new URIish(url))) {
      auth.configure(transport);
      RemoteRefUpdate update =
          new RemoteRefUpdate(
              repository,
              (String) null,
              next,
              remoteRef,
              false,
              null,
              tip == null ? ObjectId.zeroId() : tip);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate reported = result.getRemoteUpdate(remoteRef);
      status = reported.getStatus();
      message = reported.getMessage();
    } catch (TransportException e) {
      GitSourceException failure = auth.failure("pushing " + remoteRef + " to", e);
      if (failure instanceof GitAuthenticationException
          || failure instanceof HostKeyRejectedException) {
        throw failure;
      }
      // The push may or may not have landed; the next attempt sees the tip and decides.
      return new Attempt(null, failure.getMessage());
    } catch (URISyntaxException e) {
      throw new GitSourceException("not a Git URL: " + SecretScrubber.withoutUserInfo(url));
    }
    switch (status) {
      case OK, UP_TO_DATE -> {
        RefUpdate local = repository.updateRef(tracking);
        local.setNewObjectId(next);
        local.setForceUpdate(true);
        local.update();
        return new Attempt(new RefWriteResult(remoteRef, next.name(), true, attempt), null);
      }
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_OTHER_REASON -> {
        return new Attempt(null, status + (message == null ? "" : ": " + message));
      }
      default ->
          throw new GitSourceException(
              "pushing "
                  + remoteRef
                  + " to "
                  + SecretScrubber.withoutUserInfo(url)
                  + " failed: "
                  + status
                  + (message == null ? "" : ": " + SecretScrubber.scrub(message, null)));
    }
  }

  private static ObjectId advertisedTip(String url, TransportAuth auth, String remoteRef) {
    Collection<Ref> refs = GitRepositoryCache.lsRemote(url, auth);
    return refs.stream()
        .filter(r -> r.getName().equals(remoteRef))
        .map(Ref::getObjectId)
        .findFirst()
        .orElse(null);
  }

  private static void fetchTip(
      Repository repository, String url, TransportAuth auth, String remoteRef, String tracking) {
    try {
      auth.apply(
              Git.wrap(repository)
                  .fetch()
                  .setRemote(url)
                  .setRefSpecs(new RefSpec("+" + remoteRef + ":" + tracking))
                  .setTagOpt(TagOpt.NO_TAGS)
                  .setDepth(1))
          .call();
    } catch (GitAPIException | RuntimeException e) {
      throw auth.failure("fetching " + remoteRef + " from", e);
    }
  }
}
