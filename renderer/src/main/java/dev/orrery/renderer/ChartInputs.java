package dev.orrery.renderer;

import java.util.List;
import java.util.Map;

/**
 * Everything one Helm render depends on, resolved from the tree but not yet read: the chart's
 * directory and name, release name and namespace ({@code ""} = none), the repository files to
 * materialize (the chart and its {@code file://} dependencies), the values files in order, the
 * inline values, and a hash of all of it (paths with content ids) used as the cache key.
 */
record ChartInputs(
    String chartDir,
    String chartName,
    String releaseName,
    String namespace,
    List<String> files,
    List<String> valuesFiles,
    Map<String, Object> inlineValues,
    String cacheKey) {

  ChartInputs {
    files = List.copyOf(files);
    valuesFiles = List.copyOf(valuesFiles);
    inlineValues = ImmutableValues.freezeMap(inlineValues);
  }

  /** The repository path of the chart's {@code Chart.yaml}. */
  String chartFile() {
    return RepoPaths.join(chartDir, ChartLocator.CHART_FILE);
  }
}
