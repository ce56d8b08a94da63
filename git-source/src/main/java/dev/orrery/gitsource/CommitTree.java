package dev.orrery.gitsource;

import dev.orrery.renderer.SourceTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit, read straight from its tree without a checkout; a file's content id is
 * its Git blob id. Regular and executable files are listed; symbolic links and submodules are not,
 * because they have no content of their own in this commit.
 */
public final class CommitTree implements SourceTree {

  private final Repository repository;
  private final String commitId;
  private final Map<String, ObjectId> blobs;
  private final List<String> paths;

  private CommitTree(Repository repository, String commitId, Map<String, ObjectId> blobs) {
    this.repository = repository;
    this.commitId = commitId;
    this.blobs = Collections.unmodifiableMap(blobs);
    List<String> sorted = new ArrayList<>(blobs.keySet());
    Collections.sort(sorted);
    this.paths = List.copyOf(sorted);
  }

  /**
   * Lists the files of {@code commitId} (a commit, or a tag pointing at one).
   *
   * @throws GitSourceException if the commit or its tree is not in the repository
   */
  public static CommitTree of(Repository repository, String commitId) {
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        TreeWalk treeWalk = new TreeWalk(reader)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(commitId));
      treeWalk.addTree(commit.getTree());
      treeWalk.setRecursive(true);
      Map<String, ObjectId> blobs = new HashMap<>();
      while (treeWalk.next()) {
        FileMode mode = treeWalk.getFileMode(0);
        if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
          blobs.put(treeWalk.getPathString(), treeWalk.getObjectId(0));
        }
      }
      return new CommitTree(repository, commit.name(), blobs);
    } catch (IOException | IllegalArgumentException e) {
      throw new GitSourceException(
          "cannot read the tree of commit " + commitId + ": " + e.getMessage(), e);
    }
  }

  /** The commit whose files these are. */
  public String commitId() {
    return commitId;
  }

  @Override
  public List<String> paths() {
    return paths;
  }

  @Override
  public byte[] read(String path) throws IOException {
    ObjectId blob = blobs.get(path);
    if (blob == null) {
      throw new NoSuchFileException(path, null, "not a file in commit " + commitId);
    }
    ObjectLoader loader = repository.open(blob, Constants.OBJ_BLOB);
    if (!loader.isLarge()) {
      return loader.getCachedBytes().clone();
    }
    try (InputStream in = loader.openStream()) {
      return in.readAllBytes();
    }
  }

  @Override
  public String contentId(String path) {
    ObjectId blob = blobs.get(path);
    if (blob == null) {
      throw new IllegalArgumentException("not a file in commit " + commitId + ": " + path);
    }
    return blob.name();
  }

  @Override
  public String toString() {
    return "CommitTree[" + commitId + ", " + paths.size() + " files]";
  }
}
