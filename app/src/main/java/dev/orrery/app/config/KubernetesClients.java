package dev.orrery.app.config;

import dev.orrery.app.ha.FencingInterceptor;
import dev.orrery.app.ha.WriteFence;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The WDS and ITS clients, from kubeconfig files and contexts or the in-cluster configuration. */
@Factory
public class KubernetesClients {

  @Singleton
  @Named("wds")
  @Bean(preDestroy = "close")
  KubernetesClient wds(OrreryConfig config) {
    return connect("WDS", config.wdsKubeconfig(), config.wdsContext());
  }

  /**
   * The ITS: only the leader writes to it (ManifestWorks, PlacementDecisions), so its writes pass
   * only while this replica leads.
   */
  @Singleton
  @Named("its")
  @Bean(preDestroy = "close")
  KubernetesClient its(OrreryConfig config, WriteFence fence) {
    return connect(
        "ITS", config.itsKubeconfig(), config.itsContext(), new FencingInterceptor(fence));
  }

  /** A client for a space; fails with a message naming the space and the file when unreadable. */
  public static KubernetesClient connect(String space, String kubeconfig, String context) {
    return new KubernetesClientBuilder().withConfig(config(space, kubeconfig, context)).build();
  }

  /** A client for a space whose every request passes {@code interceptor} first. */
  public static KubernetesClient connect(
      String space, String kubeconfig, String context, FencingInterceptor interceptor) {
    return new KubernetesClientBuilder()
        .withConfig(config(space, kubeconfig, context))
        .withHttpClientBuilderConsumer(
            b -> b.addOrReplaceInterceptor(FencingInterceptor.NAME, interceptor))
        .build();
  }

  private static Config config(String space, String kubeconfig, String context) {
    Config config;
    if (kubeconfig == null || kubeconfig.isBlank()) {
      config =
          context == null || context.isBlank()
              ? Config.autoConfigure(null)
              : Config.autoConfigure(context);
    } else {
      Path file = Path.of(kubeconfig);
      try {
        config =
            Config.fromKubeconfig(
                context == null || context.isBlank() ? null : context,
                Files.readString(file),
                file.toString());
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read the " + space + " kubeconfig " + file + ": " + e.getMessage(), e);
      }
    }
    return config;
  }
}
