package dev.orrery.renderer;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable, in-memory {@link SourceTree} for tests and the offline CLI; content ids are Git
 * blob ids, so they equal what a Git-backed tree reports for the same bytes.
 */
public final class MapSourceTree implements SourceTree {

  private final TreeMap<String, byte[]> files;
  private final Map<String, String> contentIds;
  private final List<String> paths;

  private MapSourceTree(TreeMap<String, byte[]> files) {
    this.files = files;
    this.contentIds = new LinkedHashMap<>();
    files.forEach((path, bytes) -> contentIds.put(path, GitBlobId.of(bytes)));
    this.paths = List.copyOf(files.keySet());
  }

  /** A tree of UTF-8 text files, keyed by path. */
  public static MapSourceTree of(Map<String, String> textFiles) {
    TreeMap<String, byte[]> files = new TreeMap<>();
    textFiles.forEach(
        (path, text) -> files.put(checkPath(path), text.getBytes(StandardCharsets.UTF_8)));
    return new MapSourceTree(files);
  }

  /** A tree of binary files, keyed by path; the arrays are copied. */
  public static MapSourceTree ofBytes(Map<String, byte[]> binaryFiles) {
    TreeMap<String, byte[]> files = new TreeMap<>();
    binaryFiles.forEach((path, bytes) -> files.put(checkPath(path), bytes.clone()));
    return new MapSourceTree(files);
  }

  /** An empty tree. */
  public static MapSourceTree empty() {
    return new MapSourceTree(new TreeMap<>());
  }

  /** A copy of this tree with {@code path} added or replaced by the UTF-8 {@code text}. */
  public MapSourceTree with(String path, String text) {
    return with(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of this tree with {@code path} added or replaced by {@code bytes}. */
  public MapSourceTree with(String path, byte[] bytes) {
    TreeMap<String, byte[]> copy = new TreeMap<>(files);
    copy.put(checkPath(path), bytes.clone());
    return new MapSourceTree(copy);
  }

  /** A copy of this tree without {@code path}. */
  public MapSourceTree without(String path) {
    TreeMap<String, byte[]> copy = new TreeMap<>(files);
    copy.remove(path);
    return new MapSourceTree(copy);
  }

  @Override
  public List<String> paths() {
    return paths;
  }

  @Override
  public byte[] read(String path) throws NoSuchFileException {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      throw new NoSuchFileException(path);
    }
    return bytes.clone();
  }

  @Override
  public String contentId(String path) {
    String id = contentIds.get(path);
    if (id == null) {
      throw new IllegalArgumentException("no such file in tree: " + path);
    }
    return id;
  }

  private static String checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!RepoPaths.isNormalized(path)) {
      throw new IllegalArgumentException("not a normalized relative path: '" + path + "'");
    }
    return path;
  }
}
