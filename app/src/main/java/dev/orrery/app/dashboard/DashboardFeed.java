package dev.orrery.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.placement.controller.InventoryUnavailableException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Turns cache changes into pushes: informers mark the feed dirty; at most every {@code pushMillis}
 * it rebuilds the fleet map once (kept as JSON for every page that asks) and tells the open pages
 * the new version over server-sent events, so any number of browsers cost one rebuild per change
 * and no API-server read.
 */
public final class DashboardFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
  static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<FleetMap> fleet;
  private final Duration period;
  private final AtomicBoolean dirty = new AtomicBoolean(true);
  private final AtomicLong version = new AtomicLong();
  private final Sinks.Many<Long> versions = Sinks.many().multicast().directBestEffort();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dashboard-feed");
            t.setDaemon(true);
            return t;
          });
  private volatile String fleetJson;
  private volatile String unavailable = "Orrery is loading its caches";

  /** A feed of the map {@code fleet} builds (from the caches: {@link DashboardReader#fleet()}). */
  public DashboardFeed(Supplier<FleetMap> fleet, Duration period) {
    this.fleet = fleet;
    this.period = period;
  }

  /** Starts pushing. */
  public void start() {
    timer.scheduleWithFixedDelay(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Something in a cache changed (called on informer threads; returns at once). */
  public void changed() {
    dirty.set(true);
  }

  /** The versions pushed from now on. */
  public Flux<Long> versions() {
    return versions.asFlux();
  }

  /** The version of the current fleet map. */
  public long version() {
    return version.get();
  }

  /** The current fleet map as JSON (with its version), or empty while the caches load. */
  public String fleetJson() {
    return fleetJson;
  }

  /** Why there is no fleet map yet, or null. */
  public String unavailable() {
    return fleetJson == null ? unavailable : null;
  }

  void tick() {
    if (!dirty.getAndSet(false)) {
      return;
    }
    try {
      FleetMap map = fleet.get();
      long v = version.incrementAndGet();
      fleetJson = JSON.writeValueAsString(new Versioned(v, map));
      versions.tryEmitNext(v);
    } catch (InventoryUnavailableException e) {
      unavailable = e.getMessage();
      dirty.set(true);
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warn("could not rebuild the dashboard's fleet map: {}", e.toString());
      dirty.set(true);
    }
  }

  /** The fleet map with its version. */
  record Versioned(long version, FleetMap fleet) {}

  @Override
  public void close() {
    timer.shutdownNow();
    versions.tryEmitComplete();
  }
}
