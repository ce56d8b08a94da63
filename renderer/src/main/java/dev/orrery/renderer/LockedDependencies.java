package dev.orrery.renderer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Pins a materialized chart's dependency versions to those of its {@code Chart.lock}. Helm's {@code
 * dependency build} honours the lock but insists that every repository URL be registered in a
 * repositories file, which helm-java gives no way to supply; {@code dependency update} accepts
 * plain URLs but resolves version ranges afresh. Rewriting the (temporary) {@code Chart.yaml} so
 * that each locked dependency asks for exactly its locked version, then updating, gets the lock's
 * versions from unregistered repositories.
 */
final class LockedDependencies {

  private LockedDependencies() {}

  /** Rewrites {@code chartDir/Chart.yaml}; false when there is no usable lock file. */
  static boolean pin(Path chartDir) throws IOException {
    Path lockFile = chartDir.resolve("Chart.lock");
    if (!Files.exists(lockFile)) {
      lockFile = chartDir.resolve("requirements.lock");
    }
    if (!Files.exists(lockFile)) {
      return false;
    }
    Object lock;
    Object chart;
    try {
      lock = YamlSupport.loadSingle(Files.readAllBytes(lockFile)).value();
      chart =
          YamlSupport.loadSingle(Files.readAllBytes(chartDir.resolve(ChartLocator.CHART_FILE)))
              .value();
    } catch (YamlSupport.ProblemException e) {
      return false;
    }
    if (!(lock instanceof Map<?, ?> lockFields)
        || !(lockFields.get("dependencies") instanceof List<?> locked)
        || !(chart instanceof Map<?, ?> chartFields)
        || !(chartFields.get("dependencies") instanceof List<?> declared)) {
      return false;
    }
    for (Object dependency : declared) {
      if (dependency instanceof Map<?, ?> wanted) {
        for (Object entry : locked) {
          if (entry instanceof Map<?, ?> pinned
              && Objects.equals(pinned.get("name"), wanted.get("name"))
              && Objects.equals(pinned.get("repository"), wanted.get("repository"))
              && pinned.get("version") != null) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> writable = (Map<Object, Object>) wanted;
            writable.put("version", String.valueOf(pinned.get("version")));
          }
        }
      }
    }
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
    Files.writeString(
        chartDir.resolve(ChartLocator.CHART_FILE),
        new Dump(settings).dumpToString(chart),
        StandardCharsets.UTF_8);
    Files.delete(lockFile);
    return true;
  }
}
