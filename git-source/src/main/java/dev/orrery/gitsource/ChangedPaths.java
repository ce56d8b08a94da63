package dev.orrery.gitsource;

import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The files that differ between two commits, so unchanged files are neither re-parsed nor
 * re-applied. Renames are reported as a deletion plus an addition; a change of file mode counts as
 * a modification. Submodule entries are ignored, like in {@link CommitTree}.
 *
 * @param added paths present only in the new commit
 * @param modified paths present in both with different content or mode
 * @param deleted paths present only in the old commit
 */
public record ChangedPaths(Set<String> added, Set<String> modified, Set<String> deleted) {

  /** Copies the sets into sorted, unmodifiable ones. */
  public ChangedPaths {
    added = Collections.unmodifiableSortedSet(new TreeSet<>(added));
    modified = Collections.unmodifiableSortedSet(new TreeSet<>(modified));
    deleted = Collections.unmodifiableSortedSet(new TreeSet<>(deleted));
  }

  /**
   * The differences from {@code oldCommit} to {@code newCommit} in {@code repository}. A {@code
   * null} old commit means everything in the new commit is added.
   *
   * @throws GitSourceException if a commit or tree is missing from the repository
   */
  public static ChangedPaths between(Repository repository, String oldCommit, String newCommit) {
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        TreeWalk treeWalk = new TreeWalk(reader)) {
      treeWalk.setRecursive(true);
      if (oldCommit == null) {
        treeWalk.addTree(new EmptyTreeIterator());
      } else {
        treeWalk.addTree(treeOf(walk, oldCommit));
      }
      treeWalk.addTree(treeOf(walk, newCommit));
      treeWalk.setFilter(TreeFilter.ANY_DIFF);
      Set<String> added = new TreeSet<>();
      Set<String> modified = new TreeSet<>();
      Set<String> deleted = new TreeSet<>();
      for (DiffEntry entry : DiffEntry.scan(treeWalk)) {
        switch (entry.getChangeType()) {
          case ADD -> addUnlessGitlink(added, entry.getNewPath(), entry.getNewMode());
          case DELETE -> addUnlessGitlink(deleted, entry.getOldPath(), entry.getOldMode());
          case MODIFY -> classifyModify(entry, added, modified, deleted);
          default -> throw new IllegalStateException("rename detection is off: " + entry);
        }
      }
      return new ChangedPaths(added, modified, deleted);
    } catch (IOException e) {
      throw new GitSourceException(
          "cannot compare " + oldCommit + " and " + newCommit + ": " + e.getMessage(), e);
    }
  }

  private static void classifyModify(
      DiffEntry entry, Set<String> added, Set<String> modified, Set<String> deleted) {
    boolean wasFile = entry.getOldMode() != FileMode.GITLINK;
    boolean isFile = entry.getNewMode() != FileMode.GITLINK;
    if (wasFile && isFile) {
      modified.add(entry.getNewPath());
    } else if (isFile) {
      added.add(entry.getNewPath());
    } else if (wasFile) {
      deleted.add(entry.getOldPath());
    }
  }

  private static void addUnlessGitlink(Set<String> target, String path, FileMode mode) {
    if (mode != FileMode.GITLINK) {
      target.add(path);
    }
  }

  private static CanonicalTreeParser treeOf(RevWalk walk, String commit) throws IOException {
    RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
    CanonicalTreeParser parser = new CanonicalTreeParser();
    parser.reset(walk.getObjectReader(), c.getTree());
    return parser;
  }

  /** Whether nothing changed. */
  public boolean isEmpty() {
    return added.isEmpty() && modified.isEmpty() && deleted.isEmpty();
  }

  /** Every changed path, sorted. */
  public Set<String> all() {
    Set<String> all = new TreeSet<>(added);
    all.addAll(modified);
    all.addAll(deleted);
    return Collections.unmodifiableSet(all);
  }
}
