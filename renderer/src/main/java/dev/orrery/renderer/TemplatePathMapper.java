package dev.orrery.renderer;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps Helm template names ({@code <chart>/templates/x.yaml}, {@code
 * <chart>/charts/<sub>/templates/y.yaml}) back to repository paths. Helm names a template by the
 * chart names along the dependency path, not by directories, so the top chart and each subchart
 * vendored as a directory under {@code charts/} contribute a prefix mapping; a subchart that is not
 * a directory in the tree (a vendored archive, or one fetched from a repository) keeps the path it
 * would have under {@code charts/}.
 */
final class TemplatePathMapper {

  /** Helm template-name prefix to repository directory, longest prefix first. */
  private final Map<String, String> prefixes;

  private final String chartDir;

  private TemplatePathMapper(Map<String, String> prefixes, String chartDir) {
    this.prefixes = prefixes;
    this.chartDir = chartDir;
  }

  /** The mapper for the chart at {@code chartDir} named {@code chartName}. */
  static TemplatePathMapper forChart(
      SourceTree tree, Set<String> paths, String chartDir, String chartName) {
    Map<String, String> prefixes = new LinkedHashMap<>();
    addChart(tree, paths, chartName, chartDir, prefixes);
    Map<String, String> ordered = new LinkedHashMap<>();
    prefixes.entrySet().stream()
        .sorted(
            Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length())
                .reversed())
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return new TemplatePathMapper(ordered, chartDir);
  }

  private static void addChart(
      SourceTree tree, Set<String> paths, String prefix, String dir, Map<String, String> prefixes) {
    prefixes.put(prefix, dir);
    String chartsDir = RepoPaths.join(dir, "charts");
    for (String path : paths) {
      if (!RepoPaths.isUnder(path, chartsDir)
          || !RepoPaths.fileName(path).equals(ChartLocator.CHART_FILE)) {
        continue;
      }
      String subchartDir = RepoPaths.parent(path);
      if (!RepoPaths.parent(subchartDir).equals(chartsDir)) {
        continue;
      }
      try {
        ChartMetadata sub = ChartMetadata.read(tree.read(path), RepoPaths.fileName(subchartDir));
        addChart(tree, paths, prefix + "/charts/" + sub.name(), subchartDir, prefixes);
      } catch (IOException | YamlSupport.ProblemException e) {
        // Helm reports a broken subchart itself; without a prefix its templates keep Helm's names.
      }
    }
  }

  /** The repository path of a Helm template name. */
  String repoPath(String templateName) {
    for (Map.Entry<String, String> entry : prefixes.entrySet()) {
      String prefix = entry.getKey();
      if (templateName.startsWith(prefix + "/")) {
        return RepoPaths.join(entry.getValue(), templateName.substring(prefix.length() + 1));
      }
    }
    return RepoPaths.join(chartDir, templateName);
  }
}
