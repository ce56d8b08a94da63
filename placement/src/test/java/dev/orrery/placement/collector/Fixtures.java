package dev.orrery.placement.collector;

import dev.orrery.placement.Yaml;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test support: collectors, WEC rows and results written as YAML. */
final class Fixtures {

  /** A Deployment as the WDS holds it. */
  static final Map<String, Object> DEPLOYMENT =
      Yaml.map(
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: prod, labels: {app: web}}
          spec: {replicas: 3}
          """);

  private Fixtures() {}

  /** Compiles the collector {@code name} from a YAML spec, failing on validation errors. */
  static CompiledCollector collector(String name, String specYaml) {
    return CompiledCollector.compile(name, Yaml.map(specYaml)).orElseThrow();
  }

  /**
   * WEC rows from YAML {@code cluster: {status: ..., updated: RFC3339}}, in the order written; a
   * cluster without {@code status} has not returned one.
   */
  @SuppressWarnings("unchecked")
  static List<WecRow> rows(String yaml) {
    List<WecRow> rows = new ArrayList<>();
    Yaml.map(yaml)
        .forEach(
            (cluster, raw) -> {
              Map<String, Object> row = raw == null ? Map.of() : (Map<String, Object>) raw;
              Object updated = row.get("updated");
              rows.add(
                  new WecRow(
                      cluster,
                      (Map<String, Object>) row.get("status"),
                      updated == null ? null : Instant.parse((String) updated)));
            });
    return rows;
  }

  /** A JSON tree normalized the way Jackson decodes it, so results compare with YAML fixtures. */
  static Map<String, Object> normalized(Map<String, Object> json) {
    return Yaml.map(new String(Yaml.json(json), StandardCharsets.UTF_8));
  }

  /** Evaluates one collector over {@code rows} of {@link #DEPLOYMENT}. */
  static CollectorResult evaluate(CompiledCollector collector, List<WecRow> rows) {
    return CombinedStatusCalculator.compute(List.of(collector), DEPLOYMENT, rows)
        .collectors()
        .get(0);
  }
}
