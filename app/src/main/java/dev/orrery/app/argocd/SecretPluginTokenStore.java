package dev.orrery.app.argocd;

import dev.orrery.app.config.OrreryConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The plugin token from key {@code token} of a WDS Secret ({@code orrery.argocd.token-secret}),
 * reused for {@code orrery.argocd.token-cache-seconds} so a rotated token takes effect quickly
 * without a read per request. Surrounding whitespace (a trailing newline from a file) is dropped.
 */
@Singleton
public class SecretPluginTokenStore implements PluginTokenStore {
  static final String KEY = "token";

  private final KubernetesClient wds;
  private final String namespace;
  private final String name;
  private final Duration ttl;
  private final Clock clock;
  private Cached cached;

  private record Cached(Optional<byte[]> token, Instant until) {}

  public SecretPluginTokenStore(@Named("wds") KubernetesClient wds, OrreryConfig config) {
    this(
        wds,
        config.argocd().tokenSecretNamespace(),
        config.argocd().tokenSecretName(),
        Duration.ofSeconds(config.argocd().tokenCacheSeconds()),
        Clock.systemUTC());
  }

  /** A token kept in key {@code token} of Secret {@code namespace/name} (also the dashboard's). */
  public SecretPluginTokenStore(
      KubernetesClient wds, String namespace, String name, Duration ttl, Clock clock) {
    this.wds = wds;
    this.namespace = namespace;
    this.name = name;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public synchronized Optional<byte[]> token() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.until())) {
      return cached.token();
    }
    Secret secret;
    try {
      secret = wds.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new TokenUnavailableException(
          "cannot read the token Secret " + describe() + " from the WDS (HTTP " + e.getCode() + ")",
          e);
    }
    cached = new Cached(decode(secret), now.plus(ttl));
    return cached.token();
  }

  @Override
  public String describe() {
    return namespace + "/" + name + " (key " + KEY + ")";
  }

  private static Optional<byte[]> decode(Secret secret) {
    if (secret == null) {
      return Optional.empty();
    }
    Map<String, String> data = secret.getData();
    String encoded = data == null ? null : data.get(KEY);
    String plain = null;
    if (encoded != null) {
      plain = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
    } else if (secret.getStringData() != null) {
      plain = secret.getStringData().get(KEY);
    }
    if (plain == null || plain.strip().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(plain.strip().getBytes(StandardCharsets.UTF_8));
  }
}
