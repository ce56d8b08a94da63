package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BearerTokenTest {
  static final byte[] EXPECTED = "strong-password".getBytes(StandardCharsets.UTF_8);

  static Stream<Arguments> headers() {
    return Stream.of(
        Arguments.of("Bearer strong-password", true),
        Arguments.of("bearer strong-password", true),
        Arguments.of("Bearer strong-password ", true),
        Arguments.of("Bearer strong-passwor", false),
        Arguments.of("Bearer strong-password2", false),
        Arguments.of("Bearer ", false),
        Arguments.of("Bearer", false),
        Arguments.of("strong-password", false),
        Arguments.of("Basic strong-password", false),
        Arguments.of("", false),
        Arguments.of(null, false));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("headers")
  void acceptsOnlyTheExactBearerToken(String header, boolean accepted) {
    assertThat(BearerToken.matches(header, EXPECTED)).isEqualTo(accepted);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("headers")
  void anEmptyExpectedTokenAcceptsNothing(String header, boolean ignored) {
    assertThat(BearerToken.matches(header, new byte[0])).isFalse();
  }
}
