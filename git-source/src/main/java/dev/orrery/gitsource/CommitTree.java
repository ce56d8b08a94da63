package dev.orrery.gitsource;

import dev.orrery.renderer.SourceTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * its Git blob id. Regular and executable files are listed, and so is a symbolic link that leads
 * (through at most {@value #MAX_LINK_HOPS} links) to one of them, with that file's content, as a
 * checkout would show it. A link that points outside the repository, into a loop, at nothing or at
 * a directory is not listed but named in {@link #unreadable()} with the reason, so the renderer can
 * report it. Submodules are not listed: they have no content of their own in this commit.
 */
public final class CommitTree implements SourceTree {

  /** Links followed from one link before it counts as a loop (Linux's own bound). */
  public static final int MAX_LINK_HOPS = 40;

  private static final int MAX_LINK_TARGET_BYTES = 4096;

  private final Repository repository;
  private final String commitId;
  private final Map<String, ObjectId> blobs;
  private final Map<String, String> unreadable;
  private final List<String> paths;

  private CommitTree(
      Repository repository,
      String commitId,
      Map<String, ObjectId> blobs,
      Map<String, String> unreadable) {
    this.repository = repository;
    this.commitId = commitId;
    this.blobs = Collections.unmodifiableMap(blobs);
    this.unreadable = Collections.unmodifiableMap(new TreeMap<>(unreadable));
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
      Map<String, String> links = new HashMap<>();
      Set<String> directories = new HashSet<>();
      while (treeWalk.next()) {
        FileMode mode = treeWalk.getFileMode(0);
        String path = treeWalk.getPathString();
        if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
          blobs.put(path, treeWalk.getObjectId(0));
        } else if (mode == FileMode.SYMLINK) {
          links.put(path, linkTarget(reader, treeWalk.getObjectId(0)));
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
          directories.add(path.substring(0, slash));
        }
      }
      Map<String, String> unreadable = new HashMap<>();
      LinkResolver resolver = new LinkResolver(blobs.keySet(), links, directories);
      for (String link : links.keySet()) {
        LinkResolver.Resolution resolution = resolver.resolve(link);
        if (resolution.file() != null) {
          blobs.put(link, blobs.get(resolution.file()));
        } else {
          unreadable.put(link, resolution.problem());
        }
      }
      return new CommitTree(repository, commit.name(), blobs, unreadable);
    } catch (IOException | IllegalArgumentException e) {
      throw new GitSourceException(
          "cannot read the tree of commit " + commitId + ": " + e.getMessage(), e);
    }
  }

  private static String linkTarget(ObjectReader reader, ObjectId blob) throws IOException {
    ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
    if (loader.getSize() > MAX_LINK_TARGET_BYTES) {
      return "";
    }
    return new String(loader.getCachedBytes(), StandardCharsets.UTF_8);
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
  public long size(String path) throws IOException {
    ObjectId blob = blobs.get(path);
    if (blob == null) {
      throw new NoSuchFileException(path, null, "not a file in commit " + commitId);
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      return reader.getObjectSize(blob, Constants.OBJ_BLOB);
    }
  }

  @Override
  public Map<String, String> unreadable() {
    return unreadable;
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
