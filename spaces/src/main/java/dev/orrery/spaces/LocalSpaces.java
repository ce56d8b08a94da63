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
  static final String HUB_CONTROLLERS =
      "namespace,garbagecollector,serviceaccount,serviceaccount-token,clusterrole-aggregation";

  private final Path directory;
  private final Space wds;
  private final Space its;
  private final Map<String, Wec> wecs;
  private final Duration startTime;
  private final SpacesBootstrap bootstrap;

  private LocalSpaces(
      Path directory,
      Space wds,
      Space its,
      Map<String, Wec> wecs,
      Duration startTime,
      SpacesBootstrap bootstrap) {
    this.bootstrap = bootstrap;
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

  /** The WECs in the order they were asked for. */
  public List<Wec> wecs() {
    return List.copyOf(wecs.values());
  }

  public Wec wec(String name) {
    Wec wec = wecs.get(name);
    if (wec == null) {
      throw new IllegalArgumentException("no WEC named " + name + "; have " + wecs.keySet());
    }
    return wec;
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
    wecs.values().forEach(w -> all.addAll(w.space().processes()));
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
    wecs.values().forEach(w -> order.add(w.space()));
    order.add(its);
    order.add(wds);
    order.parallelStream().forEach(Space::close);
  }

  /** What to start. */
  public static final class Builder {
    private final Map<String, Map<String, String>> wecs = new LinkedHashMap<>();
    private Path directory;
    private int nodesPerWec = 1;

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
            async(
                pool,
                () -> {
                  Space s = track(startedSpaces, bootstrap.hubSpace("its"));
                  bootstrap.ocm().installHub(s);
                  return s;
                });
        Map<String, CompletableFuture<Wec>> wecFutures = new LinkedHashMap<>();
        wecs.forEach(
            (name, labels) ->
                wecFutures.put(
                    name,
                    async(pool, () -> track(startedSpaces, bootstrap.wecSpace(name, nodesPerWec)))
                        .thenCombineAsync(
                            its,
                            (wecSpace, itsSpace) ->
                                bootstrap.joinHub(wecSpace, itsSpace, name, labels),
                            pool)));
        Map<String, Wec> ready = new LinkedHashMap<>();
        wecFutures.forEach((name, f) -> ready.put(name, join(f)));
        LocalSpaces spaces =
            new LocalSpaces(
                dir,
                join(wds),
                join(its),
                ready,
                Duration.between(started, Instant.now()),
                bootstrap);
        LOG.info("local spaces ready in {} ms under {}", spaces.startTime.toMillis(), dir);
        return spaces;
      } catch (RuntimeException e) {
        startedSpaces.parallelStream().forEach(Space::close);
        throw e;
      } finally {
        pool.shutdownNow();
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
