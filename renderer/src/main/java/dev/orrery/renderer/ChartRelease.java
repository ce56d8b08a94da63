package dev.orrery.renderer;

import java.util.Map;
import java.util.Objects;

/**
 * What {@code helm install} would have recorded about one chart rendered from the tree: the release
 * name and namespace, the chart's {@code Chart.yaml} fields ({@code chart}), its default values
 * ({@code values.yaml}, {@code chartValues}), the values the user supplied ({@code config}: the
 * chart's values files and {@code orrery.yaml}'s inline values merged in order, later ones winning)
 * and the manifest Helm rendered. {@code chartDir} is the chart's repository directory ({@code ""}
 * for the root). Maps are deeply immutable.
 */
public record ChartRelease(
    String chartDir,
    String name,
    String namespace,
    Map<String, Object> chart,
    Map<String, Object> chartValues,
    Map<String, Object> config,
    String manifest) {

  public ChartRelease {
    Objects.requireNonNull(chartDir, "chartDir");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    chart = ImmutableValues.freezeMap(chart);
    chartValues = ImmutableValues.freezeMap(chartValues);
    config = ImmutableValues.freezeMap(config);
    Objects.requireNonNull(manifest, "manifest");
  }
}
