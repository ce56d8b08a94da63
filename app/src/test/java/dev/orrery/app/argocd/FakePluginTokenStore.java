package dev.orrery.app.argocd;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A plugin token set by the test (or none, or unreadable). */
@Singleton
@Replaces(SecretPluginTokenStore.class)
@Requires(env = FakePluginTokenStore.ENV)
public class FakePluginTokenStore implements PluginTokenStore {
  static final String ENV = "fake-token";

  String token = "s3cret-plugin-token";
  boolean unreadable;

  @Override
  public Optional<byte[]> token() {
    if (unreadable) {
      throw new TokenUnavailableException(
          "cannot read the token Secret test/token from the WDS (HTTP 0)", null);
    }
    return Optional.ofNullable(token).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String describe() {
    return "test/token (key token)";
  }
}
