package dev.orrery.gitsource.webhook;

import java.util.Set;

/**
 * A push to a branch or tag.
 *
 * @param forge the sending forge
 * @param deliveryId the delivery id (see {@link WebhookEvent#deliveryId()})
 * @param ref the full ref pushed ({@code refs/heads/main}, {@code refs/tags/v1.0.0})
 * @param before the ref's previous commit (all zeros when created)
 * @param after the ref's new commit (all zeros when deleted)
 * @param repositoryUrls every URL the payload gives for the repository (web, HTTPS clone, SSH)
 */
public record PushEvent(
    Forge forge,
    String deliveryId,
    String ref,
    String before,
    String after,
    Set<String> repositoryUrls)
    implements WebhookEvent {

  private static final String BRANCH_PREFIX = "refs/heads/";
  private static final String TAG_PREFIX = "refs/tags/";

  /** Copies the URL set. */
  public PushEvent {
    repositoryUrls = Set.copyOf(repositoryUrls);
  }

  /** Whether the push deleted the ref. */
  public boolean deleted() {
    return after == null || after.chars().allMatch(c -> c == '0');
  }

  /** Whether a branch was pushed. */
  public boolean isBranch() {
    return ref != null && ref.startsWith(BRANCH_PREFIX);
  }

  /** Whether a tag was pushed. */
  public boolean isTag() {
    return ref != null && ref.startsWith(TAG_PREFIX);
  }

  /** The branch or tag name without its {@code refs/...} prefix. */
  public String shortRef() {
    if (isBranch()) {
      return ref.substring(BRANCH_PREFIX.length());
    }
    return isTag() ? ref.substring(TAG_PREFIX.length()) : ref;
  }

  /** Whether this push is to the repository at {@code url} (any protocol). */
  public boolean concerns(String url) {
    return RepositoryUrls.matchesAny(repositoryUrls, url);
  }
}
