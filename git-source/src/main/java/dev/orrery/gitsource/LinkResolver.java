package dev.orrery.gitsource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows the symbolic links of one Git tree within that tree: a link's target is resolved against
 * the link's directory, through links in any segment, at most {@link CommitTree#MAX_LINK_HOPS}
 * links in all, and must end at a file of the tree without ever leaving the repository.
 */
final class LinkResolver {

  /** The file a link leads to, or why it leads to none. */
  record Resolution(String file, String problem) {}

  private final Set<String> files;
  private final Map<String, String> links;
  private final Set<String> directories;

  LinkResolver(Set<String> files, Map<String, String> links, Set<String> directories) {
    this.files = files;
    this.links = links;
    this.directories = directories;
  }

  Resolution resolve(String link) {
    String target = links.get(link);
    Deque<String> pending = new ArrayDeque<>();
    List<String> resolved = new ArrayList<>();
    int hops = 0;
    pushTarget(pending, resolved, parentSegments(link), target);
    if (target.isEmpty() || target.startsWith("/") || target.contains("\\")) {
      return new Resolution(
          null, "symbolic link to '" + printable(target) + "' points outside the repository");
    }
    while (!pending.isEmpty()) {
      String segment = pending.pop();
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (resolved.isEmpty()) {
          return new Resolution(
              null, "symbolic link to '" + printable(target) + "' points outside the repository");
        }
        resolved.remove(resolved.size() - 1);
        continue;
      }
      resolved.add(segment);
      String path = String.join("/", resolved);
      String next = links.get(path);
      if (next != null) {
        if (++hops > CommitTree.MAX_LINK_HOPS) {
          return new Resolution(
              null,
              "symbolic link to '"
                  + printable(target)
                  + "' loops (more than "
                  + CommitTree.MAX_LINK_HOPS
                  + " links followed)");
        }
        if (next.isEmpty() || next.startsWith("/") || next.contains("\\")) {
          return new Resolution(
              null,
              "symbolic link to '"
                  + printable(target)
                  + "' points outside the repository"
                  + " (through '"
                  + path
                  + "')");
        }
        resolved.remove(resolved.size() - 1);
        pushTarget(pending, resolved, List.of(), next);
      }
    }
    String path = String.join("/", resolved);
    if (files.contains(path)) {
      return new Resolution(path, null);
    }
    if (path.isEmpty() || directories.contains(path)) {
      return new Resolution(
          null,
          "symbolic link to '" + printable(target) + "' points at a directory, which is not read");
    }
    return new Resolution(
        null, "symbolic link to '" + printable(target) + "' points at nothing in this revision");
  }

  /**
   * Queues {@code target}'s segments in front of what is pending; {@code base} replaces what was
   * resolved so far.
   */
  private static void pushTarget(
      Deque<String> pending, List<String> resolved, List<String> base, String target) {
    if (!base.isEmpty()) {
      resolved.clear();
      resolved.addAll(base);
    }
    String[] segments = target.split("/", -1);
    for (int i = segments.length - 1; i >= 0; i--) {
      pending.push(segments[i]);
    }
  }

  private static List<String> parentSegments(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? List.of() : List.of(path.substring(0, slash).split("/"));
  }

  private static String printable(String target) {
    String shown = target.length() > 200 ? target.substring(0, 200) + "..." : target;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
