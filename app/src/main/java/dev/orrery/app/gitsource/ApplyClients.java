package dev.orrery.app.gitsource;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WDS clients a GitSource applies with: Orrery's own, or one impersonating the source's {@code
 * spec.serviceAccountName}, so a source can only touch what its account may.
 */
public final class ApplyClients implements AutoCloseable {
  private final KubernetesClient wds;
  private final Map<String, KubernetesClient> impersonating = new ConcurrentHashMap<>();

  public ApplyClients(KubernetesClient wds) {
    this.wds = wds;
  }

  public KubernetesClient forSource(String namespace, String serviceAccountName) {
    if (serviceAccountName == null || serviceAccountName.isEmpty()) {
      return wds;
    }
    String user = "system:serviceaccount:" + namespace + ":" + serviceAccountName;
    return impersonating.computeIfAbsent(
        user,
        u -> {
          Config config =
              new ConfigBuilder(wds.getConfiguration())
                  .withImpersonateUsername(u)
                  .withImpersonateGroups(
                      "system:serviceaccounts",
                      "system:serviceaccounts:" + namespace,
                      "system:authenticated")
                  .build();
          return new KubernetesClientBuilder().withConfig(config).build();
        });
  }

  @Override
  public void close() {
    impersonating.values().forEach(KubernetesClient::close);
  }
}
