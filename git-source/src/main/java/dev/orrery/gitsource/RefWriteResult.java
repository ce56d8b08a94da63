package dev.orrery.gitsource;

/**
 * The outcome of writing a commit to a remote ref.
 *
 * @param refName the remote ref written ({@code refs/heads/orrery-status}, {@code
 *     refs/notes/orrery})
 * @param commitId the ref's commit afterwards, or {@code null} if the ref still does not exist
 * @param committed whether a new commit was pushed; {@code false} when the ref already held the
 *     content
 * @param attempts how many fetch-build-push rounds it took
 */
public record RefWriteResult(String refName, String commitId, boolean committed, int attempts) {}
