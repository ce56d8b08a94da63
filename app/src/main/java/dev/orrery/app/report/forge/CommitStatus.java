package dev.orrery.app.report.forge;

import java.net.URI;
import java.util.Objects;

/**
 * A status to attach to a commit: its state, the label that tells it from other systems' statuses
 * (GitHub and Gitea call it context, GitLab name), a short description and a link to details.
 * {@code description} and {@code targetUrl} may be null.
 */
public record CommitStatus(State state, String context, String description, URI targetUrl) {

  /** The state of a commit status, in the forge-neutral vocabulary of GitHub. */
  public enum State {
    PENDING,
    SUCCESS,
    FAILURE,
    ERROR
  }

  public CommitStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(context, "context");
    if (context.isBlank()) {
      throw new IllegalArgumentException("a commit status needs a context");
    }
  }

  /** This status with a link to its details (null for none). */
  public CommitStatus withTargetUrl(URI url) {
    return new CommitStatus(state, context, description, url);
  }
}
