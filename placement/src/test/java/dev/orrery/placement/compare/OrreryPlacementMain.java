package dev.orrery.placement.compare;

import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Orrery's placement (the {@link PlacementService} that {@code orrery serve} runs) alone in its own
 * process, so the comparison benchmark can read its CPU time and peak RSS like those of the
 * KubeStellar controllers. Arguments: WDS kubeconfig, ITS kubeconfig. Prints {@code ready} once its
 * caches are loaded and its workers run; stops when its standard input closes.
 */
public final class OrreryPlacementMain {
  private OrreryPlacementMain() {}

  public static void main(String[] args) throws Exception {
    try (KubernetesClient wds = client(Path.of(args[0]));
        KubernetesClient its = client(Path.of(args[1]));
        PlacementService placement =
            new PlacementService(wds, its, PlacementService.Settings.defaults("wds1"))) {
      placement.start();
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the benchmark closes our standard input
      }
    }
    System.exit(0);
  }

  private static KubernetesClient client(Path kubeconfig) throws Exception {
    Config config =
        Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    config.setRequestTimeout(30_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
