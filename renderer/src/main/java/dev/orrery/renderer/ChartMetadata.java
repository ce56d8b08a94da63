package dev.orrery.renderer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of a {@code Chart.yaml} the renderer needs before Helm runs: the chart name (Helm
 * prefixes template names with it), whether it is a library chart (not installable, so not rendered
 * on its own) and the {@code file://} dependency locations, which must be materialized beside the
 * chart. Helm itself validates everything else.
 */
record ChartMetadata(String name, boolean library, List<String> fileDependencies) {

  private static final String FILE_SCHEME = "file://";

  ChartMetadata {
    fileDependencies = List.copyOf(fileDependencies);
  }

  /** Reads {@code Chart.yaml}; a missing name yields {@code fallbackName}. */
  static ChartMetadata read(byte[] chartYaml, String fallbackName)
      throws YamlSupport.ProblemException {
    Object value = YamlSupport.loadSingle(chartYaml).value();
    if (!(value instanceof Map<?, ?> chart)) {
      throw new YamlSupport.ProblemException(new LineProblem(1, "Chart.yaml must be a mapping"));
    }
    String name = chart.get("name") instanceof String s && !s.isBlank() ? s : fallbackName;
    List<String> fileDependencies = new ArrayList<>();
    if (chart.get("dependencies") instanceof List<?> dependencies) {
      for (Object dependency : dependencies) {
        if (dependency instanceof Map<?, ?> fields
            && fields.get("repository") instanceof String repository
            && repository.startsWith(FILE_SCHEME)) {
          fileDependencies.add(repository.substring(FILE_SCHEME.length()));
        }
      }
    }
    boolean library = "library".equals(chart.get("type"));
    return new ChartMetadata(name, library, fileDependencies);
  }
}
