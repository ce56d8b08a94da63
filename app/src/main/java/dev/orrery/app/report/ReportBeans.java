package dev.orrery.app.report;

import dev.orrery.app.config.OrreryConfig;
import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.report.forge.ForgeReporter;
import dev.orrery.gitsource.GitRepositoryCache;
import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Wires reporting back to Git (status commits, forge commit statuses) into the service. */
@Factory
public class ReportBeans {

  @Singleton
  @Bean(preDestroy = "close")
  ForgeReporter forgeReporter(
      MeterRegistry registry,
      @Value("${orrery.forge.redeliver-interval:30s}") Duration redeliverInterval) {
    return new ForgeReporter(registry, 2, 1000, redeliverInterval);
  }

  @Singleton
  @Bean(preDestroy = "close")
  GitStatusReporter gitStatusReporter(
      GitSourceController sources,
      PlacementService placement,
      @Named("wds") KubernetesClient wds,
      GitRepositoryCache git,
      ForgeReporter forge,
      MeterRegistry registry,
      OrreryConfig config) {
    return new GitStatusReporter(
        sources,
        placement,
        wds,
        git,
        forge,
        new StatusReportMetrics(registry),
        new ReportLinks(config.externalUrl()));
  }

  /** Starts the reporter with the server, every {@code orrery.report-interval} (default 10s). */
  @Singleton
  @Requires(property = "orrery.controllers.enabled", notEquals = "false")
  static class Starter implements ApplicationEventListener<ServerStartupEvent> {
    private final GitStatusReporter reporter;
    private final Duration interval;

    Starter(GitStatusReporter reporter, @Value("${orrery.report-interval:10s}") Duration interval) {
      this.reporter = reporter;
      this.interval = interval;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
      reporter.start(interval);
    }
  }
}
