package dev.orrery.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ResourceMdcTest {
  @Test
  void carriesKindNamespaceNameAndGenerationUntilClosed() {
    GenericKubernetesResource source = new GenericKubernetesResource();
    source.setKind("GitSource");
    source.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName("fleet")
            .withGeneration(3L)
            .build());
    MDC.put("gitsource", "team-a/fleet");

    try (ResourceMdc mdc = ResourceMdc.of(source)) {
      assertThat(MDC.getCopyOfContextMap())
          .containsEntry("resource.kind", "GitSource")
          .containsEntry("resource.namespace", "team-a")
          .containsEntry("resource.name", "fleet")
          .containsEntry("resource.generation", "3")
          .containsEntry("gitsource", "team-a/fleet");
    }

    assertThat(MDC.getCopyOfContextMap()).containsOnlyKeys("gitsource");
    MDC.clear();
  }
}
