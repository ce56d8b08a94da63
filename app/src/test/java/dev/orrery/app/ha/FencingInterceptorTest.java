package dev.orrery.app.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FencingInterceptorTest {
  private final AtomicLong clock = new AtomicLong();
  private final WriteFence fence = new WriteFence(Duration.ofSeconds(10), clock::get);
  private final FencingInterceptor interceptor = new FencingInterceptor(fence);

  @Test
  void refusesWritesButNotReadsOrCrdsWhileClosed() {
    assertThat(interceptor.refuses("POST", "/api/v1/namespaces/a/configmaps")).isTrue();
    assertThat(interceptor.refuses("PATCH", "/apis/work.open-cluster-management.io/v1/x")).isTrue();
    assertThat(interceptor.refuses("DELETE", "/api/v1/namespaces/a/configmaps/b")).isTrue();
    assertThat(interceptor.refuses("GET", "/api/v1/namespaces/a/configmaps")).isFalse();
    assertThat(
            interceptor.refuses(
                "PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x"))
        .isFalse();
  }

  @Test
  void letsWritesThroughWhileLeadingWithAFreshRenewal() {
    fence.renewed(clock.get());
    fence.startLeading();
    assertThat(interceptor.refuses("PUT", "/api/v1/namespaces/a/configmaps/b")).isFalse();
  }

  /** In a real fabric8 client the refused write fails before anything is sent. */
  @Test
  void aRealClientsWriteFailsWithTheFenceAndItsReadReachesTheNetwork() {
    Config config =
        new ConfigBuilder()
            .withMasterUrl("https://127.0.0.1:1")
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(500)
            .build();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor(FencingInterceptor.NAME, interceptor))
            .build()) {
      Throwable write =
          catchThrowable(
              () ->
                  client
                      .configMaps()
                      .inNamespace("a")
                      .resource(
                          new ConfigMapBuilder()
                              .withNewMetadata()
                              .withName("b")
                              .endMetadata()
                              .build())
                      .create());
      Throwable read =
          catchThrowable(() -> client.configMaps().inNamespace("a").withName("b").get());

      assertThat(rootCause(write)).isInstanceOf(FencingInterceptor.FencedWriteException.class);
      assertThat(read).isNotNull();
      assertThat(rootCause(read)).isNotInstanceOf(FencingInterceptor.FencedWriteException.class);
    }
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
