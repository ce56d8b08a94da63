package dev.orrery.gitsource;

/**
 * The outcome of a fetch: the commit the ref resolved to, now present in the local cache.
 *
 * @param url the remote URL, without user info
 * @param refName the full remote ref fetched, or {@code null} for a commit fetched by id
 * @param commitId the fetched commit
 * @param version the tag's version when the ref was a semver range, otherwise {@code null}
 * @param previousCommit the previous commit of the request, or {@code null}
 * @param previousCommitAvailable whether that previous commit is in the cache, so {@link
 *     ChangedPaths} can be computed; {@code false} when it no longer exists in the remote (for
 *     example after a force push), in which case everything should be treated as changed
 * @param shallow whether the cache holds a shallow history for this ref
 */
public record FetchResult(
    String url,
    String refName,
    String commitId,
    String version,
    String previousCommit,
    boolean previousCommitAvailable,
    boolean shallow) {}
