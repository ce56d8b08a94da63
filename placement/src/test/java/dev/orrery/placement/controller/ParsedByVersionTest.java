package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParsedByVersionTest {
  private final AtomicInteger parses = new AtomicInteger();
  private final ParsedByVersion<String> parsed =
      new ParsedByVersion<>(
          o -> {
            parses.incrementAndGet();
            return o.getMetadata().getName() + "@" + o.getMetadata().getResourceVersion();
          });

  private static GenericKubernetesResource object(String name, String resourceVersion) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setMetadata(
        new ObjectMetaBuilder().withName(name).withResourceVersion(resourceVersion).build());
    return r;
  }

  @Test
  void theVersionTheInformerHoldsIsParsedOnce() {
    GenericKubernetesResource p1 = object("p", "1");
    assertThat(parsed.get(p1, p1)).isEqualTo("p@1");
    assertThat(parsed.get(object("p", "1"), p1)).isEqualTo("p@1");
    assertThat(parses).hasValue(1);

    GenericKubernetesResource p2 = object("p", "2");
    assertThat(parsed.get(p2, p2)).isEqualTo("p@2");
    assertThat(parsed.get(p2, p2)).isEqualTo("p@2");
    assertThat(parses).hasValue(2);
  }

  @Test
  void anOlderOrDeletedVersionIsParsedButDoesNotPushOutTheCurrentOne() {
    GenericKubernetesResource p2 = object("p", "2");
    parsed.get(p2, p2);
    assertThat(parsed.get(object("p", "1"), p2)).as("an update event's before").isEqualTo("p@1");
    assertThat(parsed.get(object("q", "5"), null))
        .as("a delete event's last state")
        .isEqualTo("q@5");
    assertThat(parsed.size()).isEqualTo(1);
    assertThat(parsed.get(p2, p2)).isEqualTo("p@2");
    assertThat(parses).hasValue(3);
  }

  @Test
  void deletedNamesAreForgotten() {
    GenericKubernetesResource p = object("p", "1");
    GenericKubernetesResource q = object("q", "1");
    parsed.get(p, p);
    parsed.get(q, q);
    parsed.retain(List.of(q));
    assertThat(parsed.size()).isEqualTo(1);
    parsed.get(q, q);
    assertThat(parses).hasValue(2);
  }
}
