package dev.orrery.renderer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what Helm records about a release from the chart Helm just rendered: the {@code Chart.yaml}
 * fields Helm's chart metadata has (string fields as strings, so {@code version: 1.0} stays {@code
 * "1.0"}), the chart's {@code values.yaml}, and the user-supplied values (values files, then inline
 * values, merged as Helm coalesces {@code -f} files: maps deeply, everything else replaced). A file
 * Helm accepted but this reader cannot load counts as empty.
 */
final class ChartReleaseReader {

  private static final Set<String> STRING_FIELDS =
      Set.of(
          "name",
          "home",
          "version",
          "description",
          "icon",
          "apiVersion",
          "condition",
          "tags",
          "appVersion",
          "kubeVersion",
          "type");
  private static final Set<String> OTHER_FIELDS =
      Set.of("sources", "keywords", "maintainers", "deprecated", "annotations", "dependencies");

  private ChartReleaseReader() {}

  static ChartRelease read(SourceTree tree, ChartInputs inputs, String manifest) {
    Map<String, Object> chart = chartFields(load(tree, inputs.chartFile()));
    chart.putIfAbsent("name", inputs.chartName());
    Map<String, Object> values = load(tree, RepoPaths.join(inputs.chartDir(), "values.yaml"));
    Map<String, Object> config = new LinkedHashMap<>();
    for (String file : inputs.valuesFiles()) {
      merge(config, load(tree, file));
    }
    merge(config, inputs.inlineValues());
    return new ChartRelease(
        inputs.chartDir(),
        inputs.releaseName(),
        inputs.namespace(),
        chart,
        values,
        config,
        manifest);
  }

  /** The fields of Helm's chart metadata, string fields coerced to strings. */
  static Map<String, Object> chartFields(Map<String, Object> chartYaml) {
    Map<String, Object> fields = new LinkedHashMap<>();
    chartYaml.forEach(
        (key, value) -> {
          if (value == null) {
            return;
          }
          if (STRING_FIELDS.contains(key)) {
            if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
              fields.put(key, String.valueOf(value));
            }
          } else if (OTHER_FIELDS.contains(key)) {
            fields.put(key, value);
          }
        });
    return fields;
  }

  /** Merges {@code overlay} into {@code base}: maps deeply, other values replaced. */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> base, Map<String, Object> overlay) {
    overlay.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> overlayMap && base.get(key) instanceof Map<?, ?> baseMap) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) baseMap);
            merge(merged, (Map<String, Object>) overlayMap);
            base.put(key, merged);
          } else {
            base.put(key, value);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(SourceTree tree, String path) {
    try {
      Object value = YamlSupport.loadSingle(tree.read(path)).value();
      return value instanceof Map<?, ?> map
          ? new LinkedHashMap<>(ImmutableValues.freezeMap((Map<String, Object>) map))
          : new LinkedHashMap<>();
    } catch (IOException | YamlSupport.ProblemException | RuntimeException e) {
      return new LinkedHashMap<>();
    }
  }
}
