package dev.orrery.gitsource;

/**
 * What a {@link GitRef} resolved to among a remote's advertised refs.
 *
 * @param refName the full ref name to fetch ({@code refs/heads/main}, {@code refs/tags/v1.2.3}), or
 *     {@code null} for a commit no advertised ref points at
 * @param objectId the id the ref advertises (a tag object for annotated tags), or the commit id
 * @param version the tag's version when a semver range was resolved, otherwise {@code null}
 */
public record ResolvedRef(String refName, String objectId, String version) {

  /** Whether the remote advertises a ref for this revision. */
  public boolean advertised() {
    return refName != null;
  }
}
