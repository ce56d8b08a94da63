package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardNamesTest {

  @org.junit.jupiter.api.Test
  void anIncarnationCarriesTheFirstCharactersOfTheBindingsUidSoReCreationsNeverCollide() {
    String first = ShardNames.incarnation("nginx", "3F2a9c1e-0d4b-4c1a-9a57-2b8e6f0c1d22");
    String second = ShardNames.incarnation("nginx", "7b10e2aa-91c3-4f6e-8d2b-0a4c5e6f7a8b");
    org.assertj.core.api.Assertions.assertThat(first).isEqualTo("nginx-3f2a9c1e");
    org.assertj.core.api.Assertions.assertThat(ShardNames.name(first, ""))
        .isEqualTo("nginx-3f2a9c1e-mw");
    org.assertj.core.api.Assertions.assertThat(ShardNames.name(first, "01"))
        .isNotEqualTo(ShardNames.name(second, "01"));
    org.assertj.core.api.Assertions.assertThat(
            ShardNames.startOf(first, ShardNames.name(second, "")))
        .as("the other incarnation's names are not this one's")
        .isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShardNames.incarnation("nginx", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  @ParameterizedTest(name = "{0} + ''{1}'' -> {2}")
  @CsvSource({
    "p, '', p-mw",
    "p, 0, p-mw-0",
    "p, 0110, p-mw-0110",
    "my.policy, 1, my.policy-mw-1",
    "p-mw-0, '', p-mw-0-mw",
  })
  void namesShards(String binding, String prefix, String expected) {
    assertThat(ShardNames.name(binding, prefix)).isEqualTo(expected);
    assertThat(ShardNames.startOf(binding, expected)).contains(prefix);
  }

  @ParameterizedTest(name = "{0} does not own {1}")
  @CsvSource({
    "p, p-mw-0-mw",
    "p-mw-0, p-mw-0",
    "p, p-mw-",
    "p, p-mw-2",
    "p, p-mw-0x",
    "p, q-mw",
    "p, p",
  })
  void parsesOnlyItsOwnNames(String binding, String name) {
    assertThat(ShardNames.startOf(binding, name)).isEmpty();
  }

  @Test
  void longBindingNamesAreShortenedWithAHashAndStayValid() {
    String longName = "a".repeat(120) + "." + "b".repeat(132);
    String deepest = ShardNames.name(longName, "1".repeat(ShardNames.MAX_DEPTH));
    assertThat(deepest).hasSize(253);
    assertThat(DNS_SUBDOMAIN.matcher(deepest).matches()).isTrue();
    String other = ShardNames.name(longName.replace('b', 'c'), "");
    assertThat(ShardNames.name(longName, "")).isNotEqualTo(other);
    assertThat(ShardNames.startOf(longName, deepest)).contains("1".repeat(ShardNames.MAX_DEPTH));
    String exactlyMax = "x".repeat(ShardNames.MAX_BASE_LENGTH);
    assertThat(ShardNames.name(exactlyMax, "")).isEqualTo(exactlyMax + "-mw");
  }

  @Test
  void truncationNeverLeavesATrailingSeparator() {
    String name = "a".repeat(ShardNames.MAX_BASE_LENGTH - 10) + "-.-" + "b".repeat(40);
    String base = ShardNames.base(name);
    assertThat(base).hasSizeLessThanOrEqualTo(ShardNames.MAX_BASE_LENGTH);
    assertThat(DNS_SUBDOMAIN.matcher(ShardNames.name(name, "01")).matches()).isTrue();
    assertThat(List.of(base.split("-"))).last().asString().hasSize(8);
  }
}
