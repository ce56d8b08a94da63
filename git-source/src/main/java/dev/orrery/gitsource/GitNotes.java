package dev.orrery.gitsource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.notes.NoteMap;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Attaches Git notes to commits of a remote repository on {@code refs/notes/orrery} (visible with
 * {@code git log --notes=orrery}) and pushes them, with the same race handling as {@link
 * StatusBranchWriter}. A commit's note is replaced by the new text; identical text commits nothing.
 */
public final class GitNotes {

  /** The notes ref Orrery writes. */
  public static final String REF = "refs/notes/orrery";

  private final RetryingRefWriter writer;

  /** Notes written through {@code cache}'s local repositories. */
  public GitNotes(GitRepositoryCache cache) {
    this(cache, StatusBranchWriter.DEFAULT_MAX_ATTEMPTS);
  }

  /** Notes giving up after {@code maxAttempts} lost races. */
  public GitNotes(GitRepositoryCache cache, int maxAttempts) {
    this.writer = new RetryingRefWriter(cache, maxAttempts, RetryingRefWriter.BeforePush.NONE);
  }

  /**
   * Sets the note of {@code commitId} to {@code text}. The commit itself need not be fetched.
   *
   * @throws GitSourceException if the push keeps failing or the remote cannot be reached
   */
  public RefWriteResult add(
      String repoUrl,
      GitCredentials credentials,
      String commitId,
      String text,
      PersonIdent author) {
    ObjectId target = ObjectId.fromString(new GitRef.Commit(commitId).sha());
    byte[] wanted = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
    Objects.requireNonNull(author, "author");
    return writer.write(
        repoUrl,
        credentials,
        REF,
        (repository, inserter, tip) ->
            build(repository, inserter, tip, target, text, wanted, author));
  }

  private static ObjectId build(
      Repository repository,
      ObjectInserter inserter,
      RevCommit tip,
      ObjectId target,
      String text,
      byte[] wanted,
      PersonIdent author)
      throws IOException {
    NoteMap notes;
    try (ObjectReader reader = repository.newObjectReader()) {
      notes = tip == null ? NoteMap.newEmptyMap() : NoteMap.read(reader, tip);
      ObjectId existing = notes.get(target);
      if (existing != null && Arrays.equals(reader.open(existing).getCachedBytes(), wanted)) {
        return null;
      }
    }
    notes.set(target, text, inserter);
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(notes.writeTree(inserter));
    if (tip != null) {
      commit.setParentId(tip);
    }
    commit.setAuthor(author);
    commit.setCommitter(author);
    commit.setMessage("Notes added by Orrery\n");
    return inserter.insert(commit);
  }
}
