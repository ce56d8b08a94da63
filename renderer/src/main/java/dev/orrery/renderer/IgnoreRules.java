package dev.orrery.renderer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.ignore.FastIgnoreRule;

/**
 * The {@code .orreryignore} files of a tree, with Git's {@code .gitignore} semantics. Patterns are
 * matched by JGit's {@link FastIgnoreRule} ({@code *}, {@code **}, {@code ?}, brackets, leading
 * {@code /} anchoring, trailing {@code /} for directories, {@code !} negation, {@code \} escapes);
 * this class adds the hierarchy: a file applies to its own directory's subtree with paths relative
 * to that directory, a deeper file overrides a shallower one, within one file the last matching
 * line wins, and nothing below an ignored directory can be re-included.
 */
final class IgnoreRules {

  static final String FILE_NAME = ".orreryignore";

  /** Directory ({@code ""} = root) to its rules, in file order. */
  private final Map<String, List<FastIgnoreRule>> rulesByDirectory;

  private final Map<String, Boolean> directoryVerdicts = new HashMap<>();

  private IgnoreRules(Map<String, List<FastIgnoreRule>> rulesByDirectory) {
    this.rulesByDirectory = rulesByDirectory;
  }

  /** Reads every {@code .orreryignore} of {@code tree}. */
  static IgnoreRules load(SourceTree tree) throws IOException {
    Map<String, List<FastIgnoreRule>> rules = new HashMap<>();
    for (String path : tree.paths()) {
      if (RepoPaths.fileName(path).equals(FILE_NAME)) {
        rules.put(
            RepoPaths.parent(path), parse(new String(tree.read(path), StandardCharsets.UTF_8)));
      }
    }
    return new IgnoreRules(rules);
  }

  /** Rules from the given file texts, keyed by the directory holding each file. */
  static IgnoreRules of(Map<String, String> ignoreFilesByDirectory) {
    Map<String, List<FastIgnoreRule>> rules = new HashMap<>();
    ignoreFilesByDirectory.forEach((dir, text) -> rules.put(dir, parse(text)));
    return new IgnoreRules(rules);
  }

  /** No rules at all. */
  static IgnoreRules none() {
    return new IgnoreRules(Map.of());
  }

  static List<FastIgnoreRule> parse(String text) {
    List<FastIgnoreRule> rules = new ArrayList<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      line = trimTrailingSpaces(line);
      if (line.isEmpty() || line.startsWith("#") || line.equals("/")) {
        continue;
      }
      FastIgnoreRule rule = new FastIgnoreRule(line);
      if (!rule.isEmpty()) {
        rules.add(rule);
      }
    }
    return rules;
  }

  /** Git drops trailing spaces unless the last one is escaped with a backslash. */
  private static String trimTrailingSpaces(String line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      if (end >= 2 && line.charAt(end - 2) == '\\') {
        break;
      }
      end--;
    }
    return line.substring(0, end);
  }

  /** True when the file at {@code path} is ignored, itself or through an ignored directory. */
  synchronized boolean isIgnored(String path) {
    if (rulesByDirectory.isEmpty()) {
      return false;
    }
    String parent = RepoPaths.parent(path);
    if (!parent.isEmpty() && isDirectoryIgnored(parent)) {
      return true;
    }
    return verdict(path, false).orElse(false);
  }

  private boolean isDirectoryIgnored(String dir) {
    Boolean known = directoryVerdicts.get(dir);
    if (known != null) {
      return known;
    }
    String parent = RepoPaths.parent(dir);
    boolean ignored =
        !parent.isEmpty() && isDirectoryIgnored(parent) || verdict(dir, true).orElse(false);
    directoryVerdicts.put(dir, ignored);
    return ignored;
  }

  /** The decision of the deepest ignore file with a matching rule, if any. */
  private Optional<Boolean> verdict(String path, boolean directory) {
    String dir = RepoPaths.parent(path);
    while (true) {
      List<FastIgnoreRule> rules = rulesByDirectory.get(dir);
      if (rules != null) {
        String relative = RepoPaths.relativize(path, dir);
        for (int i = rules.size() - 1; i >= 0; i--) {
          FastIgnoreRule rule = rules.get(i);
          if (rule.isMatch(relative, directory, true)) {
            return Optional.of(!rule.getNegation());
          }
        }
      }
      if (dir.isEmpty()) {
        return Optional.empty();
      }
      dir = RepoPaths.parent(dir);
    }
  }
}
