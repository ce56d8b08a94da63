package dev.orrery.gitsource;

import java.util.Objects;

/**
 * What to fetch: a remote URL, the revision to follow, the credentials, and optionally the commit
 * applied last time, so that the changed paths between the two can be computed afterwards.
 *
 * @param url the remote URL (https, ssh, scp-like, git or file)
 * @param ref the revision to follow
 * @param credentials how to authenticate
 * @param previousCommit the commit applied last time, or {@code null}
 * @param shallow whether to fetch only the tip commit ({@code depth 1}) where the ref allows it
 */
public record FetchRequest(
    String url, GitRef ref, GitCredentials credentials, String previousCommit, boolean shallow) {

  /** Validates the request; missing credentials mean anonymous access. */
  public FetchRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(ref, "ref");
    credentials = credentials == null ? GitCredentials.NONE : credentials;
    if (previousCommit != null) {
      previousCommit = new GitRef.Commit(previousCommit).sha();
    }
  }

  /** A shallow fetch without a previous commit. */
  public static FetchRequest of(String url, GitRef ref, GitCredentials credentials) {
    return new FetchRequest(url, ref, credentials, null, true);
  }

  /** This request, also making sure {@code commit} is available to diff against. */
  public FetchRequest withPreviousCommit(String commit) {
    return new FetchRequest(url, ref, credentials, commit, shallow);
  }

  /** This request with full history instead of a shallow fetch. */
  public FetchRequest withFullHistory() {
    return new FetchRequest(url, ref, credentials, previousCommit, false);
  }

  @Override
  public String toString() {
    return "FetchRequest[url="
        + SecretScrubber.withoutUserInfo(url)
        + ", ref="
        + ref
        + ", credentials="
        + credentials
        + ", previousCommit="
        + previousCommit
        + ", shallow="
        + shallow
        + "]";
  }
}
