package dev.orrery.renderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SourceTree} over a directory on disk (the offline CLI's input): lists regular files
 * once, when constructed, skipping every {@code .git} entry, and reads contents on demand. A
 * symbolic link to a regular file inside the directory is listed like that file; one that points
 * outside the directory, loops, dangles or names a directory is not listed but named in {@link
 * #unreadable()}. Content ids are Git blob ids computed on first use and then remembered, so create
 * a new instance for each render of a directory that may change.
 */
public final class DirectorySourceTree implements SourceTree {

  private final Path root;
  private final List<String> paths;
  private final Set<String> pathSet;
  private final Map<String, String> contentIds = new ConcurrentHashMap<>();
  private final Map<String, String> unreadable = new TreeMap<>();

  /** Lists the files below {@code root}. */
  public DirectorySourceTree(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(this.root)) {
      throw new NoSuchFileException(root.toString(), null, "not a directory");
    }
    List<String> found = new ArrayList<>();
    Path realRoot = this.root.toRealPath();
    Files.walkFileTree(
        this.root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            Path name = dir.getFileName();
            boolean skip =
                !dir.equals(DirectorySourceTree.this.root)
                    && name != null
                    && name.toString().equals(".git");
            return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (file.getFileName().toString().equals(".git")) {
              return FileVisitResult.CONTINUE;
            }
            if (attrs.isRegularFile()) {
              found.add(toRepoPath(file));
            } else if (attrs.isSymbolicLink()) {
              String problem = linkProblem(file, realRoot);
              if (problem == null) {
                found.add(toRepoPath(file));
              } else {
                unreadable.put(toRepoPath(file), problem);
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
    Collections.sort(found);
    this.paths = List.copyOf(found);
    this.pathSet = new HashSet<>(found);
  }

  /**
   * Null when {@code link} leads to a regular file inside {@code realRoot}, else why it does not.
   */
  private static String linkProblem(Path link, Path realRoot) {
    String target;
    try {
      target = Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      target = "?";
    }
    try {
      Path real = link.toRealPath();
      if (!real.startsWith(realRoot)) {
        return "symbolic link to '" + target + "' points outside the repository";
      }
      if (Files.isDirectory(real)) {
        return "symbolic link to '" + target + "' points at a directory, which is not read";
      }
      return Files.isRegularFile(real)
          ? null
          : "symbolic link to '" + target + "' points at no regular file";
    } catch (NoSuchFileException e) {
      return "symbolic link to '" + target + "' points at nothing";
    } catch (IOException e) {
      return "symbolic link to '" + target + "' cannot be followed (a loop?): " + e.getMessage();
    }
  }

  private String toRepoPath(Path file) {
    List<String> segments = new ArrayList<>();
    for (Path segment : root.relativize(file)) {
      segments.add(segment.toString());
    }
    return String.join("/", segments);
  }

  @Override
  public List<String> paths() {
    return paths;
  }

  @Override
  public byte[] read(String path) throws IOException {
    if (!pathSet.contains(path)) {
      throw new NoSuchFileException(path);
    }
    return Files.readAllBytes(root.resolve(path));
  }

  @Override
  public long size(String path) throws IOException {
    if (!pathSet.contains(path)) {
      throw new NoSuchFileException(path);
    }
    return Files.size(root.resolve(path));
  }

  @Override
  public Map<String, String> unreadable() {
    return Collections.unmodifiableMap(unreadable);
  }

  @Override
  public String contentId(String path) {
    return contentIds.computeIfAbsent(
        path,
        p -> {
          try {
            return GitBlobId.of(read(p));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
