package dev.orrery.app.report.forge;

import dev.orrery.gitsource.webhook.Forge;
import java.net.URI;
import java.util.Optional;

/**
 * A forge's REST API as Orrery's reporting uses it: commit statuses and one comment per pull
 * (merge) request. Calls block while they retry transient failures; use {@link ForgeReporter} to
 * keep them off the applying path.
 */
public interface ForgeClient {

  /** What {@link #upsertPullRequestComment} did. */
  enum CommentAction {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /** The kind of forge this client speaks to. */
  Forge kind();

  /** The API base URL this client calls (never with credentials). */
  URI endpoint();

  /**
   * Sets the status of a commit for {@code status.context()}; a later status with the same context
   * replaces it on the forge.
   *
   * @throws ForgeException when the forge refuses, or stays unavailable through all retries
   */
  void setCommitStatus(RepoRef repo, String sha, CommitStatus status);

  /**
   * Creates or updates Orrery's comment on pull request {@code number} (a merge request's iid on
   * GitLab): the comment whose body holds {@link CommentMarker#tag(String) the hidden marker} is
   * edited in place when its text differs; without one, a comment is created. The posted body
   * starts with the marker.
   *
   * @throws ForgeException when the forge refuses, or stays unavailable through all retries
   */
  CommentAction upsertPullRequestComment(RepoRef repo, int number, String marker, String body);

  /**
   * The status the forge shows now for {@code context} on commit {@code sha} (its newest one), so a
   * reporter can leave out a status the forge already has; empty when there is none, or when this
   * client cannot tell (then the status is sent anyway).
   *
   * @throws ForgeException when the forge stays unavailable through all retries
   */
  default Optional<CommitStatus> currentCommitStatus(RepoRef repo, String sha, String context) {
    return Optional.empty();
  }

  /**
   * The status as the forge would store it (e.g. with its description shortened to the forge's
   * limit), to compare with {@link #currentCommitStatus}.
   */
  default CommitStatus asStored(CommitStatus status) {
    return status;
  }
}
