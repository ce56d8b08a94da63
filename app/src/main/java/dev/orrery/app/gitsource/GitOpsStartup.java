package dev.orrery.app.gitsource;

import dev.orrery.placement.controller.CrdInstaller;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * When the server starts: install Orrery's CRDs into the WDS if missing, then start the GitSource
 * controller.
 */
@Singleton
@Requires(property = "orrery.controllers.enabled", notEquals = "false")
public class GitOpsStartup implements ApplicationEventListener<ServerStartupEvent> {
  private final KubernetesClient wds;
  private final GitSourceController controller;

  public GitOpsStartup(@Named("wds") KubernetesClient wds, GitSourceController controller) {
    this.wds = wds;
    this.controller = controller;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    CrdInstaller.install(wds, List.of("gitops.orrery.dev_gitsources.yaml"));
    controller.start();
  }
}
