package dev.orrery.gitsource.webhook;

import java.util.Set;

/**
 * A change to a GitHub or Gitea pull request or a GitLab merge request.
 *
 * @param forge the sending forge
 * @param deliveryId the delivery id (see {@link WebhookEvent#deliveryId()})
 * @param action what happened, as the forge names it ({@code opened}, {@code synchronize}, {@code
 *     closed} on GitHub; {@code synchronized} on Gitea; {@code open}, {@code update}, {@code merge}
 *     on GitLab)
 * @param number the pull request number (GitLab's project-scoped {@code iid})
 * @param headSha the commit at the head of the source branch
 * @param headRef the source branch name
 * @param baseRef the target branch name
 * @param repositoryUrls the URLs of the target repository
 * @param headRepositoryUrls the URLs of the source repository (differs for forks)
 */
public record PullRequestEvent(
    Forge forge,
    String deliveryId,
    String action,
    long number,
    String headSha,
    String headRef,
    String baseRef,
    Set<String> repositoryUrls,
    Set<String> headRepositoryUrls)
    implements WebhookEvent {

  /** Copies the URL sets. */
  public PullRequestEvent {
    repositoryUrls = Set.copyOf(repositoryUrls);
    headRepositoryUrls = Set.copyOf(headRepositoryUrls);
  }

  /** Whether this pull request targets the repository at {@code url} (any protocol). */
  public boolean concerns(String url) {
    return RepositoryUrls.matchesAny(repositoryUrls, url);
  }
}
