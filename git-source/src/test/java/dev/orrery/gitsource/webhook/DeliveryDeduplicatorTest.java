package dev.orrery.gitsource.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeliveryDeduplicatorTest {

  @Test
  void reportsRepeatedDeliveries() {
    DeliveryDeduplicator dedup = new DeliveryDeduplicator(10);

    assertThat(dedup.seen("a")).isFalse();
    assertThat(dedup.seen("b")).isFalse();
    assertThat(dedup.seen("a")).isTrue();
  }

  @Test
  void forgetsTheLeastRecentlySeenBeyondItsCapacity() {
    DeliveryDeduplicator dedup = new DeliveryDeduplicator(2);
    dedup.seen("a");
    dedup.seen("b");
    dedup.seen("a"); // a is now the most recent
    dedup.seen("c"); // evicts b

    assertThat(dedup.size()).isEqualTo(2);
    assertThat(dedup.seen("a")).isTrue();
    assertThat(dedup.seen("b")).isFalse();
  }

  @Test
  void aForgottenDeliveryIsProcessedAgain() {
    DeliveryDeduplicator dedup = new DeliveryDeduplicator(2);
    dedup.seen("a");
    dedup.forget("a");

    assertThat(dedup.seen("a")).isFalse();
  }

  @Test
  void capacityMustBePositive() {
    assertThatThrownBy(() -> new DeliveryDeduplicator(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
