package dev.orrery.app.demo;

import dev.orrery.spaces.LocalSpaces;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Orrery's service running in this JVM on local spaces, on a free port: what the demo runs, and
 * what end-to-end tests run with their own extra settings.
 */
public final class LocalOrrery {
  private LocalOrrery() {}

  /**
   * Starts the service on {@code spaces}' WDS and ITS, Git cache in {@code gitCache}, plus {@code
   * extra} settings.
   */
  public static EmbeddedServer start(LocalSpaces spaces, Path gitCache, Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("micronaut.server.port", -1);
    properties.put("orrery.wds-kubeconfig", spaces.wds().kubeconfig().toString());
    properties.put("orrery.its-kubeconfig", spaces.its().kubeconfig().toString());
    properties.put("orrery.git-cache-dir", gitCache.toString());
    properties.putAll(extra);
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }
}
