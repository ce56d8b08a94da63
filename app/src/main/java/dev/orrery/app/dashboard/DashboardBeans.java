package dev.orrery.app.dashboard;

import dev.orrery.app.config.OrreryConfig;
import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.rollout.RolloutRequest;
import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the dashboard: its Event cache, its reader of the caches and its push feed. */
@Factory
public class DashboardBeans {

  /** Tells the feed about changes; created before the feed, which needs the cache. */
  @Singleton
  static class Changes implements Runnable {
    private volatile DashboardFeed feed;

    @Override
    public void run() {
      DashboardFeed f = feed;
      if (f != null) {
        f.changed();
      }
    }
  }

  @Singleton
  @Bean(preDestroy = "close")
  EventCache eventCache(@Named("wds") KubernetesClient wds, Changes changes) {
    return new EventCache(wds, changes);
  }

  @Singleton
  DashboardReader dashboardReader(
      PlacementService placement,
      GitSourceController sources,
      EventCache events,
      OrreryConfig config) {
    return new DashboardReader(placement, sources, events, config);
  }

  @Singleton
  @Bean(preDestroy = "close")
  DashboardFeed dashboardFeed(
      DashboardReader reader,
      DashboardConfig config,
      Changes changes,
      PlacementService placement,
      GitSourceController sources) {
    DashboardFeed feed = new DashboardFeed(reader::fleet, Duration.ofMillis(config.pushMillis()));
    changes.feed = feed;
    placement.addChangeListener(changes);
    sources.addChangeListener(changes);
    return feed;
  }

  @Singleton
  @Named("rollout-pause")
  DashboardAction rolloutPause(@Named("wds") KubernetesClient wds, PlacementService placement) {
    return new RolloutAction(RolloutRequest.PAUSE, wds, placement, Clock.systemUTC());
  }

  @Singleton
  @Named("rollout-resume")
  DashboardAction rolloutResume(@Named("wds") KubernetesClient wds, PlacementService placement) {
    return new RolloutAction(RolloutRequest.RESUME, wds, placement, Clock.systemUTC());
  }

  @Singleton
  @Named("rollout-promote")
  DashboardAction rolloutPromote(@Named("wds") KubernetesClient wds, PlacementService placement) {
    return new RolloutAction(RolloutRequest.PROMOTE, wds, placement, Clock.systemUTC());
  }

  @Singleton
  @Named("rollout-abort")
  DashboardAction rolloutAbort(@Named("wds") KubernetesClient wds, PlacementService placement) {
    return new RolloutAction(RolloutRequest.ABORT, wds, placement, Clock.systemUTC());
  }

  /** Starts the Event informers and the feed once the server is up. */
  @Singleton
  @Requires(property = "orrery.controllers.enabled", notEquals = "false")
  static class Starter implements ApplicationEventListener<ServerStartupEvent> {
    private final EventCache events;
    private final DashboardFeed feed;

    Starter(EventCache events, DashboardFeed feed) {
      this.events = events;
      this.feed = feed;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
      events.start();
      feed.start();
    }
  }
}
