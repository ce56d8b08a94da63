package dev.orrery.app.helmrelease;

import dev.orrery.renderer.ChartRelease;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a Helm 3 release ({@code helm.sh/helm/v3/pkg/release.Release}) for a chart rendered
 * from Git: name, info, chart (metadata, values; no templates or files, which {@code helm list},
 * {@code status}, {@code history} and {@code get values|manifest} do not read), config (the user
 * values), manifest, version and namespace.
 */
final class HelmReleaseJson {
  private HelmReleaseJson() {}

  static Map<String, Object> of(ChartRelease release, Map<String, Object> info, int version) {
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("metadata", release.chart());
    chart.put("lock", null);
    chart.put("templates", List.of());
    chart.put("values", release.chartValues());
    chart.put("schema", null);
    chart.put("files", List.of());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", release.name());
    json.put("info", info);
    json.put("chart", chart);
    if (!release.config().isEmpty()) {
      json.put("config", release.config());
    }
    json.put("manifest", release.manifest());
    json.put("version", version);
    json.put("namespace", release.namespace());
    return json;
  }
}
