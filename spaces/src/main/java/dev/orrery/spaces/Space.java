package dev.orrery.spaces;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One running Kubernetes API server of a local set (WDS, ITS or a WEC): processes, kubeconfig,
 * client.
 */
public final class Space implements AutoCloseable {
  private final String name;
  private final URI server;
  private final Path directory;
  private final Path kubeconfig;
  private final List<ChildProcess> processes = Collections.synchronizedList(new ArrayList<>());
  private KubernetesClient client;

  Space(String name, URI server, Path directory, Path kubeconfig) {
    this.name = name;
    this.server = server;
    this.directory = directory;
    this.kubeconfig = kubeconfig;
  }

  /** The space's name: {@code wds}, {@code its}, or the WEC's cluster name. */
  public String name() {
    return name;
  }

  /** The API server's URL, {@code https://127.0.0.1:<port>}. */
  public URI server() {
    return server;
  }

  /** The directory holding this space's data, certificates and logs. */
  public Path directory() {
    return directory;
  }

  /** A kubeconfig file with cluster-admin rights on this space. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A fabric8 client with cluster-admin rights, created on first use and closed with the space. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = newClient();
    }
    return client;
  }

  /** A new, independent client (the caller closes it). */
  public KubernetesClient newClient() {
    try {
      Config config =
          Config.fromKubeconfig(name, Files.readString(kubeconfig), kubeconfig.toString());
      config.setRequestTimeout(30_000);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new SpacesException("cannot read " + kubeconfig, e);
    }
  }

  /** The processes that make up this space, in start order. */
  public List<ChildProcess> processes() {
    return List.copyOf(processes);
  }

  void add(ChildProcess process) {
    processes.add(process);
  }

  void remove(ChildProcess process) {
    processes.remove(process);
  }

  /**
   * Stops this space's kube-apiserver (as an outage would); etcd and the other programs keep
   * running, and clients get connection refused until {@link #startApiServer()}. Does nothing when
   * it is stopped already.
   */
  public synchronized void stopApiServer() {
    apiServer().filter(ChildProcess::isAlive).ifPresent(ChildProcess::close);
  }

  /**
   * Starts the kube-apiserver again with the same command line (same port, certificates and etcd),
   * and returns once {@code /readyz} answers {@code ok}. Does nothing when it is running.
   */
  public synchronized void startApiServer() {
    ChildProcess stopped =
        apiServer().orElseThrow(() -> new SpacesException(name + " has no kube-apiserver"));
    if (stopped.isAlive()) {
      return;
    }
    ChildProcess started = stopped.again();
    processes.set(processes.indexOf(stopped), started);
    ProcessLauncher.awaitUntil(
        name + " API server ready again", List.of(started), () -> ProcessLauncher.isReady(this));
  }

  private java.util.Optional<ChildProcess> apiServer() {
    return processes().stream().filter(p -> p.name().equals(name + "/kube-apiserver")).findFirst();
  }

  /** Stops this space's processes in reverse start order. */
  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    List<ChildProcess> reversed = new ArrayList<>(processes);
    Collections.reverse(reversed);
    reversed.forEach(ChildProcess::close);
  }

  @Override
  public String toString() {
    return name + " (" + server + ", kubeconfig " + kubeconfig + ")";
  }
}
