package dev.orrery.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds Helm charts in a tree: every outermost directory that holds a {@code Chart.yaml}; charts
 * nested inside another chart (its {@code charts/} subcharts) belong to that chart.
 */
final class ChartLocator {

  static final String CHART_FILE = "Chart.yaml";

  private ChartLocator() {}

  /** The chart directories among {@code paths}, sorted; {@code ""} when the root is a chart. */
  static List<String> chartDirectories(List<String> paths) {
    TreeSet<String> candidates = new TreeSet<>();
    for (String path : paths) {
      if (RepoPaths.fileName(path).equals(CHART_FILE)) {
        candidates.add(RepoPaths.parent(path));
      }
    }
    List<String> charts = new ArrayList<>();
    for (String dir : candidates) {
      if (charts.stream().noneMatch(chart -> RepoPaths.isUnder(dir, chart))) {
        charts.add(dir);
      }
    }
    return charts;
  }

  /** The chart directory holding {@code path}, or null. */
  static String enclosingChart(List<String> charts, String path) {
    for (String chart : charts) {
      if (RepoPaths.isUnder(path, chart)) {
        return chart;
      }
    }
    return null;
  }
}
