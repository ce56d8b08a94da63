package dev.orrery.spaces;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running set of real local spaces: a WDS, an ITS (OCM hub) and N WECs, each WEC with fake Nodes
 * and an OCM work agent registered in the ITS. Closing it stops every process it started.
 *
 * <pre>{@code
 * try (LocalSpaces spaces = LocalSpaces.builder()
 *     .wec("cluster1", Map.of("location-group", "edge"))
 *     .start()) {
 *   spaces.wds().client() ...
 * }
 * }</pre>
 */
public final class LocalSpaces implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSpaces.class);

  /** Controllers the WDS and ITS need: namespace deletion, garbage collection, service accounts. */
  /** The lease duration registered ManagedClusters get unless asked otherwise. */
  public static final int DEFAULT_LEASE_SECONDS = 2;

  static final String HUB_CONTROLLERS =
      "namespace,garbagecollector,serviceaccount,serviceaccount-token,clusterrole-aggregation";

  private final Path directory;
  private final Space wds;
  private final Space its;
  private final Map<String, Wec> wecs;
  private final Duration startTime;
  private final SpacesBootstrap bootstrap;
  private final Builder settings;

  private LocalSpaces(
      Path directory,
      Space wds,
      Space its,
      Map<String, Wec> wecs,
      Duration startTime,
      SpacesBootstrap bootstrap,
      Builder settings) {
    this.bootstrap = bootstrap;
    this.settings = settings;
    this.directory = directory;
    this.wds = wds;
    this.its = its;
    this.wecs = wecs;
    this.startTime = startTime;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The workload description space. */
  public Space wds() {
    return wds;
  }

  /** The inventory and transport space (OCM hub). */
  public Space its() {
    return its;
  }

  /** The WECs in the order they were asked for (and added). */
  public List<Wec> wecs() {
    synchronized (wecs) {
      return List.copyOf(wecs.values());
    }
  }

  public Wec wec(String name) {
    Wec wec;
    synchronized (wecs) {
      wec = wecs.get(name);
    }
    if (wec == null) {
      throw new IllegalArgumentException("no WEC named " + name + "; have " + wecs.keySet());
    }
    return wec;
  }

  /** Whether WECs join through OCM registration (CSR and acceptance) rather than pre-created. */
  public boolean registration() {
    return settings.registration;
  }

  /**
   * Starts one more WEC while everything else runs, and joins it to the ITS the way the others
   * joined (with OCM registration: bootstrap kubeconfig, CSR, acceptance, labels); returns once its
   * work agent runs.
   */
  public Wec addWec(String name, Map<String, String> labels) {
    synchronized (wecs) {
      if (wecs.containsKey(name)) {
        throw new IllegalArgumentException("WEC " + name + " exists already");
      }
    }
    Space space = bootstrap.wecSpace(name, settings.nodesPerWec);
    try {
      Wec wec = settings.join(bootstrap, space, its, name, Map.copyOf(labels));
      synchronized (wecs) {
        wecs.put(name, wec);
      }
      LOG.info("WEC {} added", name);
      return wec;
    } catch (RuntimeException e) {
      space.close();
      throw e;
    }
  }

  /**
   * Removes WEC {@code name} the way an administrator detaches a cluster: deletes its
   * ManagedCluster in the ITS while its agents still run (so OCM can clean up the cluster's
   * ManifestWorks and finalizers), waits up to a minute for it to be gone, then stops the WEC.
   */
  public void removeWec(String name) {
    Wec wec = wec(name);
    bootstrap.unregister(its, name);
    synchronized (wecs) {
      wecs.remove(name);
    }
    wec.space().close();
    LOG.info("WEC {} removed", name);
  }

  /**
   * Stops WEC {@code name}'s OCM registration agent: the cluster's lease is no longer renewed, so
   * the hub marks it unavailable after its grace period (5 lease durations). Does nothing when it
   * is stopped already.
   */
  public void stopRegistrationAgent(String name) {
    bootstrap.stopRegistrationAgent(wec(name).space());
  }

  /** Starts WEC {@code name}'s registration agent again with the identity it was given. */
  public void startRegistrationAgent(String name) {
    bootstrap.startRegistrationAgent(wec(name).space(), name);
  }

  /**
   * Stops WEC {@code name}'s OCM work agent, as a crashed or cut-off agent would be: its
   * ManifestWorks are neither applied nor reported on until {@link #startWorkAgent}. Does nothing
   * when it is already stopped.
   */
  public void stopWorkAgent(String name) {
    bootstrap.stopWorkAgent(wec(name).space());
  }

  /**
   * Starts WEC {@code name}'s work agent again with the same hub identity; returns once it listens.
   * Does nothing when it is running.
   */
  public void startWorkAgent(String name) {
    bootstrap.startWorkAgent(wec(name).space(), name);
  }

  /** The run directory: one folder per space with its data, certificates, kubeconfig and logs. */
  public Path directory() {
    return directory;
  }

  /** How long {@link Builder#start()} took. */
  public Duration startTime() {
    return startTime;
  }

  /** Every process of every space. */
  public List<ChildProcess> processes() {
    List<ChildProcess> all = new ArrayList<>();
    all.addAll(wds.processes());
    all.addAll(its.processes());
    wecs().forEach(w -> all.addAll(w.space().processes()));
    return all;
  }

  /**
   * Leaves every process running after this JVM exits; {@link RunState} records how to stop them.
   */
  public RunState detach() {
    RunState state = RunState.of(this);
    state.write();
    processes().forEach(ChildProcess::detach);
    return state;
  }

  /** Stops every process, WECs first, then the ITS and the WDS. */
  @Override
  public void close() {
    List<Space> order = new ArrayList<>();
    wecs().forEach(w -> order.add(w.space()));
    order.add(its);
    order.add(wds);
    order.parallelStream().forEach(Space::close);
  }

  /** What to start. */
  public static final class Builder {
    private final Map<String, Map<String, String>> wecs = new LinkedHashMap<>();
    private Path directory;
    private int nodesPerWec = 1;
    private boolean registration = true;
    private int leaseDurationSeconds = DEFAULT_LEASE_SECONDS;

    /**
     * Whether WECs join the ITS through OCM registration (default): the hub's registration
     * controller runs on the ITS, each WEC runs OCM's registration agent, which asks to join with a
     * bootstrap identity and is accepted like {@code clusteradm accept}; its work agent then uses
     * the identity registration gave it. {@code false}: ManagedClusters are pre-created accepted
     * and each work agent gets a mailbox-only identity (fewer processes, no availability).
     */
    public Builder registration(boolean registration) {
      this.registration = registration;
      return this;
    }

    /**
     * The {@code spec.leaseDurationSeconds} each registered ManagedCluster gets (default {@value
     * #DEFAULT_LEASE_SECONDS}): its agent renews the lease that often, and the hub marks the
     * cluster unavailable after 5 missed durations.
     */
    public Builder leaseDurationSeconds(int seconds) {
      if (seconds < 1) {
        throw new IllegalArgumentException("a lease lasts at least one second");
      }
      this.leaseDurationSeconds = seconds;
      return this;
    }

    Wec join(
        SpacesBootstrap bootstrap,
        Space wecSpace,
        Space itsSpace,
        String name,
        Map<String, String> labels) {
      return registration
          ? bootstrap.register(wecSpace, itsSpace, name, labels, leaseDurationSeconds)
          : bootstrap.joinHub(wecSpace, itsSpace, name, labels);
    }

    /** Adds a WEC (ManagedCluster {@code name}) with the given ManagedCluster labels. */
    public Builder wec(String name, Map<String, String> labels) {
      if (wecs.putIfAbsent(name, Map.copyOf(labels)) != null) {
        throw new IllegalArgumentException("WEC " + name + " asked for twice");
      }
      return this;
    }

    /** Where data and logs go; default {@code target/spaces/<time>} under the working directory. */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /** How many kwok Nodes each WEC gets (default 1). */
    public Builder nodesPerWec(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("a WEC needs at least one node");
      }
      this.nodesPerWec = nodes;
      return this;
    }

    /** Builds missing programs, starts everything and waits until all of it is ready. */
    public LocalSpaces start() {
      Instant started = Instant.now();
      Path dir = directory != null ? directory : defaultDirectory();
      ProgramBinaries bin = ProgramBinaries.locate();
      SpacesBootstrap bootstrap = new SpacesBootstrap(bin, dir.toAbsolutePath());
      ExecutorService pool = Executors.newFixedThreadPool(2 + wecs.size() * 2);
      List<Space> startedSpaces = Collections.synchronizedList(new ArrayList<>());
      try {
        CompletableFuture<Space> wds =
            async(pool, () -> track(startedSpaces, bootstrap.hubSpace("wds")));
        CompletableFuture<Space> its =
            async(pool, () -> track(startedSpaces, bootstrap.itsSpace(registration)));
        Map<String, CompletableFuture<Wec>> wecFutures = new LinkedHashMap<>();
        wecs.forEach(
            (name, labels) ->
                wecFutures.put(
                    name,
                    async(pool, () -> track(startedSpaces, bootstrap.wecSpace(name, nodesPerWec)))
                        .thenCombineAsync(
                            its,
                            (wecSpace, itsSpace) ->
                                join(bootstrap, wecSpace, itsSpace, name, labels),
                            pool)));
        Map<String, Wec> ready = Collections.synchronizedMap(new LinkedHashMap<>());
        wecFutures.forEach((name, f) -> ready.put(name, join(f)));
        LocalSpaces spaces =
            new LocalSpaces(
                dir,
                join(wds),
                join(its),
                ready,
                Duration.between(started, Instant.now()),
                bootstrap,
                this);
        LOG.info("local spaces ready in {} ms under {}", spaces.startTime.toMillis(), dir);
        return spaces;
      } catch (RuntimeException e) {
        // Stop the starts still running before closing what they started: a space added while
        // the list is being closed would be left running (and iterating it would fail).
        awaitQuiet(pool);
        List<Space> toClose;
        synchronized (startedSpaces) {
          toClose = List.copyOf(startedSpaces);
        }
        toClose.parallelStream().forEach(Space::close);
        throw e;
      } finally {
        pool.shutdownNow();
      }
    }

    private static void awaitQuiet(ExecutorService pool) {
      pool.shutdownNow();
      try {
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
          LOG.warn("spaces still starting 60 s after a failed start; closing what has started");
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private static Space track(List<Space> started, Space space) {
      started.add(space);
      return space;
    }

    private static Path defaultDirectory() {
      return Path.of(
          "target",
          "spaces",
          LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
    }

    private static <T> CompletableFuture<T> async(ExecutorService pool, Supplier<T> task) {
      return CompletableFuture.supplyAsync(task, pool);
    }

    private static <T> T join(CompletableFuture<T> future) {
      try {
        return future.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }
  }
}
