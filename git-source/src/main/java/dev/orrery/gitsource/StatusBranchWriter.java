package dev.orrery.gitsource;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Commits status files onto a branch of a remote repository (a status branch such as {@code
 * orrery-status}) and pushes it, without a work tree. The given files are added or replaced; other
 * files on the branch stay, except under a directory the caller owns, which is replaced as a whole
 * (so the file of something that went away goes too). A branch that does not exist is created as an
 * orphan. Nothing is committed when the tip already holds exactly this content, and a push that
 * loses a race to another writer is rebuilt on the new tip and retried (see {@link
 * RetryingRefWriter}).
 */
public final class StatusBranchWriter {

  /** How many fetch-build-push rounds a write gets by default. */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  private final RetryingRefWriter writer;

  /** A writer working in {@code cache}'s local repositories. */
  public StatusBranchWriter(GitRepositoryCache cache) {
    this(cache, DEFAULT_MAX_ATTEMPTS);
  }

  /** A writer giving up after {@code maxAttempts} lost races. */
  public StatusBranchWriter(GitRepositoryCache cache, int maxAttempts) {
    this(cache, maxAttempts, RetryingRefWriter.BeforePush.NONE);
  }

  StatusBranchWriter(
      GitRepositoryCache cache, int maxAttempts, RetryingRefWriter.BeforePush beforePush) {
    this.writer = new RetryingRefWriter(cache, maxAttempts, beforePush);
  }

  /**
   * Writes {@code files} (repository path to content) onto {@code branch} of {@code repoUrl}.
   *
   * @return the branch's commit afterwards and whether a commit was made
   * @throws IllegalArgumentException if a path is not a valid repository file path
   * @throws GitSourceException if the push keeps failing or the remote cannot be reached
   */
  public RefWriteResult write(
      String repoUrl,
      GitCredentials credentials,
      String branch,
      Map<String, byte[]> files,
      String message,
      PersonIdent author) {
    return write(repoUrl, credentials, branch, null, files, message, author);
  }

  /**
   * Writes {@code files} onto {@code branch} of {@code repoUrl}, where {@code ownedDirectory} (a
   * repository path, or null for none) afterwards holds exactly those of {@code files} under it:
   * files under it that are not given are deleted.
   *
   * @return the branch's commit afterwards and whether a commit was made
   * @throws IllegalArgumentException if a path is not a valid repository file path
   * @throws GitSourceException if the push keeps failing or the remote cannot be reached
   */
  public RefWriteResult write(
      String repoUrl,
      GitCredentials credentials,
      String branch,
      String ownedDirectory,
      Map<String, byte[]> files,
      String message,
      PersonIdent author) {
    if (ownedDirectory != null) {
      validatePath(ownedDirectory);
    }
    String owned = ownedDirectory == null ? null : ownedDirectory + "/";
    String refName = new GitRef.Branch(branch).refName();
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(author, "author");
    Map<String, byte[]> content = new TreeMap<>();
    files.forEach(
        (path, bytes) -> {
          validatePath(path);
          content.put(path, Objects.requireNonNull(bytes, path).clone());
        });
    return writer.write(
        repoUrl,
        credentials,
        refName,
        (repository, inserter, tip) ->
            build(repository, inserter, tip, owned, content, message, author));
  }

  private static ObjectId build(
      Repository repository,
      ObjectInserter inserter,
      RevCommit tip,
      String owned,
      Map<String, byte[]> content,
      String message,
      PersonIdent author)
      throws IOException {
    if (tip == null && content.isEmpty()) {
      return null;
    }
    DirCache index = DirCache.newInCore();
    if (tip != null) {
      DirCache tipIndex = DirCache.newInCore();
      DirCacheBuilder tipBuilder = tipIndex.builder();
      try (ObjectReader reader = repository.newObjectReader()) {
        tipBuilder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, tip.getTree());
      }
      tipBuilder.finish();
      DirCacheBuilder kept = index.builder();
      for (int i = 0; i < tipIndex.getEntryCount(); i++) {
        DirCacheEntry entry = tipIndex.getEntry(i);
        if (owned == null || !entry.getPathString().startsWith(owned)) {
          kept.add(entry);
        }
      }
      kept.finish();
    }
    DirCacheEditor editor = index.editor();
    for (Map.Entry<String, byte[]> file : content.entrySet()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
      editor.add(
          new DirCacheEditor.PathEdit(file.getKey()) {
            @Override
            public void apply(DirCacheEntry entry) {
              entry.setFileMode(FileMode.REGULAR_FILE);
              entry.setObjectId(blob);
            }
          });
    }
    editor.finish();
    ObjectId tree = index.writeTree(inserter);
    if (tip != null && tree.equals(tip.getTree())) {
      return null;
    }
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    if (tip != null) {
      commit.setParentId(tip);
    }
    commit.setAuthor(author);
    commit.setCommitter(author);
    commit.setMessage(message);
    return inserter.insert(commit);
  }

  private static void validatePath(String path) {
    Objects.requireNonNull(path, "path");
    boolean bad =
        path.isEmpty()
            || path.startsWith("/")
            || path.endsWith("/")
            || Arrays.stream(path.split("/", -1))
                .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals("..") || s.equals(".git"));
    if (bad) {
      throw new IllegalArgumentException("not a valid repository file path: '" + path + "'");
    }
  }
}
