package dev.orrery.spaces.argocd;

import dev.orrery.spaces.ChildProcess;
import dev.orrery.spaces.FreePorts;
import dev.orrery.spaces.Space;
import dev.orrery.spaces.SpacesException;
import dev.orrery.spaces.StartupWait;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real Argo CD components running as child processes against one space (its "home": where Argo CD's
 * CRDs, its namespace {@code argocd}, its settings and its cluster Secrets live), as Argo CD runs
 * in a cluster: the ApplicationSet controller, and for syncing Applications the application
 * controller and the repo-server with a local {@code redis-server}. Every port is a free loopback
 * port; logs are under the given directory.
 */
public final class LocalArgoCd implements AutoCloseable {
  private static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext
      APP_PROJECTS =
          new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
              .withGroup("argoproj.io")
              .withVersion("v1alpha1")
              .withKind("AppProject")
              .withPlural("appprojects")
              .withNamespaced(true)
              .build();

  public static final String NAMESPACE = "argocd";
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String PART_OF = "app.kubernetes.io/part-of";
  private static final String FIELD_MANAGER = "argocd-install";

  private final Space home;
  private final Path directory;
  private final List<ChildProcess> processes = new ArrayList<>();

  private LocalArgoCd(Space home, Path directory) {
    this.home = home;
    this.directory = directory;
  }

  /**
   * Installs Argo CD's CRDs, namespace, settings and {@code default} AppProject into {@code home},
   * then starts {@code components} (the application controller brings Redis and the repo-server
   * with it) and waits until each is up.
   */
  public static LocalArgoCd start(Space home, Path directory, Set<ArgoCdComponent> components) {
    ArgoCdBinary bin = ArgoCdBinary.locate();
    LocalArgoCd argo = new LocalArgoCd(home, directory);
    try {
      argo.install(bin);
      Set<ArgoCdComponent> wanted = EnumSet.copyOf(components);
      if (wanted.contains(ArgoCdComponent.APPLICATION_CONTROLLER)) {
        wanted.add(ArgoCdComponent.REPO_SERVER);
      }
      int repoPort = FreePorts.next();
      int redisPort =
          wanted.contains(ArgoCdComponent.REPO_SERVER)
              ? RedisServer.start(directory.resolve("redis"), argo.processes)
              : 0;
      if (wanted.contains(ArgoCdComponent.REPO_SERVER)) {
        argo.startRepoServer(bin, repoPort, redisPort);
      }
      if (wanted.contains(ArgoCdComponent.APPLICATION_CONTROLLER)) {
        argo.startApplicationController(bin, repoPort, redisPort);
      }
      if (wanted.contains(ArgoCdComponent.APPLICATIONSET_CONTROLLER)) {
        argo.startApplicationSetController(bin, repoPort);
      }
      return argo;
    } catch (RuntimeException e) {
      argo.close();
      throw e;
    }
  }

  /** The space Argo CD runs against. */
  public Space home() {
    return home;
  }

  /** The running Argo CD processes (Redis included). */
  public List<ChildProcess> processes() {
    return List.copyOf(processes);
  }

  /** The process running {@code component}. */
  public ChildProcess process(ArgoCdComponent component) {
    return processes.stream()
        .filter(p -> p.name().equals("argocd/" + component.programName()))
        .findFirst()
        .orElseThrow(() -> new SpacesException(component.programName() + " is not running"));
  }

  /**
   * Registers {@code target} with Argo CD as cluster {@code name} (a cluster Secret with the
   * space's URL and its admin client certificate), as {@code argocd cluster add} does.
   */
  public void registerCluster(String name, Space target) {
    Config config;
    try {
      config = Config.fromKubeconfig(Files.readString(target.kubeconfig()));
    } catch (IOException e) {
      throw new SpacesException("cannot read " + target.kubeconfig(), e);
    }
    Map<String, Object> tls = new LinkedHashMap<>();
    tls.put("caData", config.getCaCertData());
    tls.put("certData", config.getClientCertData());
    tls.put("keyData", config.getClientKeyData());
    String clusterConfig = Serialization.asJson(Map.of("tlsClientConfig", tls));
    apply(
        new SecretBuilder()
            .withNewMetadata()
            .withName("cluster-" + name)
            .withNamespace(NAMESPACE)
            .withLabels(Map.of("argocd.argoproj.io/secret-type", "cluster"))
            .endMetadata()
            .withStringData(
                Map.of("name", name, "server", target.server().toString(), "config", clusterConfig))
            .build());
  }

  /** Stops every process this started (the objects installed in the home space stay). */
  @Override
  public void close() {
    List<ChildProcess> stopping = new ArrayList<>(processes);
    java.util.Collections.reverse(stopping);
    stopping.forEach(ChildProcess::close);
    processes.clear();
  }

  private void install(ArgoCdBinary bin) {
    KubernetesClient client = home.client();
    List<String> crdNames = new ArrayList<>();
    try (Stream<Path> files = Files.list(bin.crds())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              Serialization.unmarshal(in, CustomResourceDefinition.class);
          apply(crd);
          crdNames.add(crd.getMetadata().getName());
        }
      }
    } catch (IOException e) {
      throw new SpacesException("cannot read Argo CD's CRDs in " + bin.crds(), e);
    }
    for (String name : crdNames) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(LocalArgoCd::established, 60, TimeUnit.SECONDS);
    }
    apply(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build());
    apply(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("argocd-cm")
            .withNamespace(NAMESPACE)
            .withLabels(Map.of(PART_OF, "argocd"))
            .endMetadata()
            // Look at Git and the destinations every 10 s instead of 3 min.
            .withData(Map.of("timeout.reconciliation", "10s"))
            .build());
    apply(
        new SecretBuilder()
            .withNewMetadata()
            .withName("argocd-secret")
            .withNamespace(NAMESPACE)
            .withLabels(Map.of(PART_OF, "argocd"))
            .endMetadata()
            .withStringData(Map.of("server.secretkey", UUID.randomUUID().toString()))
            .build());
    // Addressed by its plural rather than through the client's discovery, which may not list a
    // just-established CRD's kind yet ("Could not find a registered handler").
    home.client()
        .genericKubernetesResources(APP_PROJECTS)
        .inNamespace(NAMESPACE)
        .resource(
            Serialization.unmarshal(
                """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata:
              name: default
              namespace: argocd
            spec:
              sourceRepos: ['*']
              destinations:
              - {name: '*', namespace: '*', server: '*'}
              clusterResourceWhitelist:
              - {group: '*', kind: '*'}
            """,
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void apply(HasMetadata object) {
    home.client().resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  private void startRepoServer(ArgoCdBinary bin, int port, int redisPort) {
    Path dir = directory.resolve("repo-server");
    int metricsPort = FreePorts.next();
    Map<String, String> env = new HashMap<>(commonEnv(dir));
    env.put("ARGOCD_GPG_ENABLED", "false");
    env.put("ARGOCD_ASK_PASS_SOCK", dir.resolve("askpass.sock").toString());
    env.put("ARGOCD_GNUPGHOME", dir.resolve("gnupg").toString());
    env.put("ARGOCD_PLUGINSOCKFILEPATH", dir.resolve("plugins").toString());
    env.put("ARGOCD_SSH_DATA_PATH", dir.resolve("ssh").toString());
    env.put("ARGOCD_TLS_DATA_PATH", dir.resolve("tls").toString());
    ChildProcess repo =
        launch(
            bin,
            ArgoCdComponent.REPO_SERVER,
            List.of(
                "--address=127.0.0.1",
                "--port=" + port,
                "--metrics-address=127.0.0.1",
                "--metrics-port=" + metricsPort,
                "--disable-tls",
                // Resolve a branch to its commit again after 5 s instead of 3 min.
                "--revision-cache-expiration=5s",
                "--redis=127.0.0.1:" + redisPort),
            env);
    StartupWait.until(
        "argocd-repo-server listening on port " + port,
        List.of(repo),
        START_TIMEOUT,
        () -> RedisServer.listening(port) && httpOk(metricsPort, "/healthz"));
  }

  private void startApplicationController(ArgoCdBinary bin, int repoPort, int redisPort) {
    int metricsPort = FreePorts.next();
    ChildProcess controller =
        launch(
            bin,
            ArgoCdComponent.APPLICATION_CONTROLLER,
            List.of(
                "--kubeconfig=" + home.kubeconfig(),
                "--namespace=" + NAMESPACE,
                "--redis=127.0.0.1:" + redisPort,
                "--repo-server=127.0.0.1:" + repoPort,
                "--repo-server-plaintext",
                "--metrics-port=" + metricsPort,
                "--status-processors=2",
                "--operation-processors=2",
                "--app-resync=10",
                "--self-heal-timeout-seconds=2"),
            commonEnv(directory.resolve("application-controller")));
    StartupWait.until(
        "argocd-application-controller healthy",
        List.of(controller),
        START_TIMEOUT,
        () -> httpOk(metricsPort, "/healthz"));
  }

  private void startApplicationSetController(ArgoCdBinary bin, int repoPort) {
    int metricsPort = FreePorts.next();
    ChildProcess controller =
        launch(
            bin,
            ArgoCdComponent.APPLICATIONSET_CONTROLLER,
            List.of(
                "--kubeconfig=" + home.kubeconfig(),
                "--namespace=" + NAMESPACE,
                "--metrics-addr=127.0.0.1:" + metricsPort,
                "--probe-addr=127.0.0.1:" + FreePorts.next(),
                "--webhook-addr=127.0.0.1:" + FreePorts.next(),
                "--argocd-repo-server=127.0.0.1:" + repoPort,
                "--repo-server-plaintext"),
            commonEnv(directory.resolve("applicationset-controller")));
    StartupWait.until(
        "argocd-applicationset-controller serving metrics",
        List.of(controller),
        START_TIMEOUT,
        // Its manager registers no readiness checks (/readyz answers 404); the metrics endpoint
        // answers once the manager runs.
        () -> httpOk(metricsPort, "/metrics"));
  }

  private Map<String, String> commonEnv(Path dir) {
    try {
      Files.createDirectories(dir.resolve("tmp"));
    } catch (IOException e) {
      throw new SpacesException("cannot create " + dir, e);
    }
    // KUBECONFIG too: parts of Argo CD build their client through controller-runtime, which reads
    // it instead of the --kubeconfig flag.
    return Map.of(
        "KUBECONFIG", home.kubeconfig().toString(),
        "HOME", dir.toString(),
        "TMPDIR", dir.resolve("tmp").toString(),
        "ARGOCD_LOGFORMAT", "text");
  }

  private ChildProcess launch(
      ArgoCdBinary bin, ArgoCdComponent component, List<String> args, Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(bin.executable(component).toString());
    command.addAll(args);
    command.add("--logformat=text");
    ChildProcess process =
        ChildProcess.start(
            "argocd/" + component.programName(),
            command,
            directory.resolve("logs/" + component.programName() + ".log"),
            env);
    processes.add(process);
    return process;
  }

  private static boolean httpOk(int port, String path) {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
}
