package dev.orrery.app.gitsource;

import dev.orrery.app.config.OrreryConfig;
import dev.orrery.app.preview.PullRequestPreviewer;
import dev.orrery.app.sync.DiscoveryResourceTypes;
import dev.orrery.app.webhook.WebhookReceiver;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.placement.controller.PlacementService;
import dev.orrery.placement.match.Cluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Wires the GitSource loop: Git cache, discovery, reconciler, controller and webhook receiver. */
@Factory
public class GitOpsBeans {

  @Singleton
  @Bean(preDestroy = "close")
  GitRepositoryCache gitRepositoryCache(OrreryConfig config) {
    return new GitRepositoryCache(Path.of(config.gitCacheDir()));
  }

  @Singleton
  DiscoveryResourceTypes wdsResourceTypes(@Named("wds") KubernetesClient wds) {
    return new DiscoveryResourceTypes(wds);
  }

  @Singleton
  @Bean(preDestroy = "close")
  ApplyClients applyClients(@Named("wds") KubernetesClient wds) {
    return new ApplyClients(wds);
  }

  @Singleton
  GitSourceReconciler gitSourceReconciler(
      @Named("wds") KubernetesClient wds,
      ApplyClients clients,
      GitRepositoryCache git,
      DiscoveryResourceTypes types,
      MeterRegistry registry,
      PlacementService placement,
      OrreryConfig config,
      @io.micronaut.context.annotation.Value("${orrery.git.allow-file-urls:false}")
          boolean allowFileUrls,
      @io.micronaut.context.annotation.Value("${orrery.git.allow-loopback-urls:true}")
          boolean allowLoopbackUrls,
      @io.micronaut.context.annotation.Value("${orrery.git.allow-link-local-urls:false}")
          boolean allowLinkLocalUrls) {
    return new GitSourceReconciler(
        wds,
        clients,
        git,
        types,
        new SyncMetrics(registry),
        () ->
            placement.inventory().stream()
                .map(c -> new Cluster(c.name(), c.labels(), c.annotations()))
                .toList(),
        config.maxRemovedPlacementShare(),
        new GitUrlPolicy(allowFileUrls, allowLoopbackUrls, allowLinkLocalUrls));
  }

  @Singleton
  @Bean(preDestroy = "close")
  GitSourceController gitSourceController(
      @Named("wds") KubernetesClient wds,
      GitSourceReconciler reconciler,
      OrreryConfig config,
      SourceOwnership ownership) {
    return new GitSourceController(wds, reconciler, config.workers(), ownership);
  }

  @Singleton
  WebhookReceiver webhookReceiver(
      GitSourceController controller,
      @Named("wds") KubernetesClient wds,
      OrreryConfig config,
      PullRequestPreviewer previewer) {
    Optional<String> shared =
        Optional.ofNullable(config.webhookSecretFile()).map(GitOpsBeans::readSecretFile);
    return new WebhookReceiver(
        url -> sources(controller, wds, url),
        shared,
        controller::trigger,
        previewer::submit,
        config.webhookMaxBodyBytes());
  }

  private static List<WebhookReceiver.Source> sources(
      GitSourceController controller, KubernetesClient wds, String url) {
    List<WebhookReceiver.Source> out = new ArrayList<>();
    for (String key : controller.sourcesFor(url)) {
      GenericKubernetesResource r = controller.cached(key);
      if (r == null) {
        continue;
      }
      try {
        @SuppressWarnings("unchecked")
        GitSourceSpec spec =
            GitSourceSpec.parse((Map<String, Object>) r.getAdditionalProperties().get("spec"));
        Optional<String> secret =
            spec.webhookSecretName().isEmpty()
                ? Optional.empty()
                : webhookSecret(wds, r.getMetadata().getNamespace(), spec.webhookSecretName());
        out.add(new WebhookReceiver.Source(key, spec.url(), spec.ref(), secret));
      } catch (RuntimeException invalid) {
        // An invalid GitSource is reported by its own reconcile; a webhook cannot trigger it.
      }
    }
    return out;
  }

  private static Optional<String> webhookSecret(
      KubernetesClient wds, String namespace, String name) {
    Secret secret = wds.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null || secret.getData().get("secret") == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(
                Base64.getDecoder().decode(secret.getData().get("secret")), StandardCharsets.UTF_8)
            .strip());
  }

  private static String readSecretFile(String file) {
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read orrery.webhook-secret-file " + file, e);
    }
  }
}
