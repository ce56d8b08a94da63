package dev.orrery.spaces;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Starts the programs of a local space with their command lines: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kwok and the OCM work agent.
 */
final class ProcessLauncher {
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final ProgramBinaries bin;
  private final Path pki;
  private final CertificateAuthority ca;

  ProcessLauncher(ProgramBinaries bin, CertificateAuthority ca, Path pki) {
    this.bin = bin;
    this.ca = ca;
    this.pki = pki;
  }

  /** etcd + kube-apiserver, waited for until {@code /readyz} answers; returns the space. */
  Space startControlPlane(String name, Path dir, CertificateAuthority.Credential admin) {
    int etcdPort = FreePorts.next();
    int peerPort = FreePorts.next();
    int apiPort = FreePorts.next();
    URI server = URI.create("https://127.0.0.1:" + apiPort);
    Path kubeconfig =
        Kubeconfig.write(dir.resolve("kubeconfig"), name, server, ca.certificatePem(), admin);
    Space space = new Space(name, server, dir, kubeconfig);
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;
    ChildProcess etcd =
        ChildProcess.start(
            name + "/etcd",
            List.of(
                bin.etcd().toString(),
                "--name=" + name,
                "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=" + etcdUrl,
                "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=" + name + "=" + peerUrl,
                "--unsafe-no-fsync=true",
                "--quota-backend-bytes=4294967296",
                "--auto-compaction-mode=periodic",
                "--auto-compaction-retention=5m",
                "--log-level=warn"),
            dir.resolve("logs/etcd.log"),
            Map.of("ETCD_UNSUPPORTED_ARCH", System.getProperty("os.arch")));
    space.add(etcd);
    CertificateAuthority.Credential serving =
        ca.issueServer(
            "kube-apiserver",
            List.of("localhost", "kubernetes", "kubernetes.default"),
            List.of("127.0.0.1"));
    Path tlsCert = write(dir.resolve("pki/apiserver.crt"), serving.certificatePem());
    Path tlsKey = write(dir.resolve("pki/apiserver.key"), serving.privateKeyPem());
    ChildProcess apiserver =
        ChildProcess.start(
            name + "/kube-apiserver",
            List.of(
                bin.kubeApiserver().toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + apiPort,
                "--tls-cert-file=" + tlsCert,
                "--tls-private-key-file=" + tlsKey,
                "--client-ca-file=" + pki.resolve("ca.crt"),
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + pki.resolve("sa.pub"),
                "--service-account-signing-key-file=" + pki.resolve("sa.key"),
                "--service-cluster-ip-range=10.96.0.0/16",
                "--authorization-mode=RBAC",
                "--allow-privileged=true",
                "--endpoint-reconciler-type=none",
                "--enable-priority-and-fairness=false",
                "--profiling=false",
                "--cert-dir=" + dir.resolve("pki/generated"),
                "--v=1"),
            dir.resolve("logs/kube-apiserver.log"),
            Map.of());
    space.add(apiserver);
    awaitUntil(name + " API server ready", List.of(etcd, apiserver), () -> isReady(space));
    return space;
  }

  /** kube-controller-manager running the given controllers ({@code *} = the default set). */
  void startControllerManager(Space space, String controllers) {
    startControllerManager(space, controllers, List.of());
  }

  /**
   * kube-controller-manager running the given controllers with further flags, e.g. the CSR signer's
   * {@code --cluster-signing-cert-file}.
   */
  void startControllerManager(Space space, String controllers, List<String> extraFlags) {
    List<String> command =
        new ArrayList<>(
            List.of(
                bin.kubeControllerManager().toString(),
                "--kubeconfig=" + space.kubeconfig(),
                "--authentication-kubeconfig=" + space.kubeconfig(),
                "--authorization-kubeconfig=" + space.kubeconfig(),
                "--bind-address=127.0.0.1",
                "--secure-port=" + FreePorts.next(),
                "--cert-dir=" + space.directory().resolve("pki/kcm"),
                "--leader-elect=false",
                "--controllers=" + controllers,
                "--service-account-private-key-file=" + pki.resolve("sa.key"),
                "--root-ca-file=" + pki.resolve("ca.crt"),
                "--use-service-account-credentials=false",
                "--concurrent-gc-syncs=5",
                "--v=1"));
    command.addAll(extraFlags);
    space.add(
        ChildProcess.start(
            space.name() + "/kube-controller-manager",
            command,
            space.directory().resolve("logs/kube-controller-manager.log"),
            Map.of()));
  }

  /**
   * OCM's hub registration controller on the ITS: creates each accepted cluster's namespace and
   * RBAC, approves certificate renewals and marks clusters whose lease stops as unavailable.
   */
  void startRegistrationController(Space its) {
    int port = FreePorts.next();
    ChildProcess controller =
        ChildProcess.start(
            its.name() + "/registration-controller",
            List.of(
                bin.registration().toString(),
                "controller",
                "--kubeconfig=" + its.kubeconfig(),
                "--namespace=open-cluster-management-hub",
                "--listen=127.0.0.1:" + port,
                "--disable-leader-election"),
            its.directory().resolve("logs/registration-controller.log"),
            Map.of("HOME", its.directory().toString()));
    its.add(controller);
    awaitUntil("ITS registration controller listening", List.of(controller), () -> listening(port));
  }

  /**
   * OCM's registration agent (the klusterlet's registration half) of WEC {@code cluster}: with the
   * bootstrap kubeconfig it creates the ManagedCluster and a CSR in the ITS, and once accepted it
   * writes its own hub kubeconfig into {@code hubKubeconfigDir}, renews the cluster's lease and
   * reports the cluster's health.
   */
  ChildProcess startRegistrationAgent(
      Space wec, String cluster, Path bootstrapKubeconfig, Path hubKubeconfigDir) {
    int port = FreePorts.next();
    ChildProcess agent =
        ChildProcess.start(
            registrationAgentName(wec),
            List.of(
                bin.registration().toString(),
                "agent",
                "--spoke-cluster-name=" + cluster,
                "--agent-id=" + cluster + "-agent",
                "--bootstrap-kubeconfig=" + bootstrapKubeconfig,
                "--hub-kubeconfig-dir=" + hubKubeconfigDir,
                "--spoke-kubeconfig=" + wec.kubeconfig(),
                "--kubeconfig=" + wec.kubeconfig(),
                "--spoke-external-server-urls=" + wec.server(),
                "--namespace=open-cluster-management-agent",
                "--cluster-healthcheck-period=5s",
                "--listen=127.0.0.1:" + port,
                "--disable-leader-election",
                "--feature-gates=AddonManagement=false"),
            wec.directory().resolve("logs/registration-agent.log"),
            Map.of("HOME", wec.directory().toString()));
    wec.add(agent);
    awaitUntil(cluster + " registration agent listening", List.of(agent), () -> listening(port));
    return agent;
  }

  /** The name of a WEC's registration agent process. */
  static String registrationAgentName(Space wec) {
    return wec.name() + "/registration-agent";
  }

  void startScheduler(Space space) {
    space.add(
        ChildProcess.start(
            space.name() + "/kube-scheduler",
            List.of(
                bin.kubeScheduler().toString(),
                "--kubeconfig=" + space.kubeconfig(),
                "--authentication-kubeconfig=" + space.kubeconfig(),
                "--authorization-kubeconfig=" + space.kubeconfig(),
                "--bind-address=127.0.0.1",
                "--secure-port=" + FreePorts.next(),
                "--cert-dir=" + space.directory().resolve("pki/scheduler"),
                "--leader-elect=false",
                "--v=1"),
            space.directory().resolve("logs/kube-scheduler.log"),
            Map.of()));
  }

  /** kwok managing the Nodes annotated {@code kwok.x-k8s.io/node=fake}. */
  void startKwok(Space space) {
    space.add(
        ChildProcess.start(
            space.name() + "/kwok",
            List.of(
                bin.kwok().toString(),
                "--kubeconfig=" + space.kubeconfig(),
                "--config=" + bin.kwokStages(),
                "--manage-all-nodes=false",
                "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
                "--node-lease-duration-seconds=40",
                "--cidr=10.244.0.0/16",
                "--node-ip=127.0.0.1"),
            space.directory().resolve("logs/kwok.log"),
            Map.of()));
  }

  /**
   * The OCM work agent of WEC {@code cluster}: reads ManifestWorks from the cluster's mailbox in
   * the ITS through {@code hubKubeconfig} and applies them to the WEC.
   */
  ChildProcess startWorkAgent(Space wec, String cluster, Path hubKubeconfig) {
    int port = FreePorts.next();
    ChildProcess agent =
        ChildProcess.start(
            workAgentName(wec),
            List.of(
                bin.workAgent().toString(),
                "agent",
                "--spoke-cluster-name=" + cluster,
                "--agent-id=" + cluster + "-work-agent",
                "--hub-kubeconfig=" + hubKubeconfig,
                "--workload-source-driver=kube",
                "--workload-source-config=" + hubKubeconfig,
                "--spoke-kubeconfig=" + wec.kubeconfig(),
                "--kubeconfig=" + wec.kubeconfig(),
                "--namespace=open-cluster-management-agent",
                "--listen=127.0.0.1:" + port,
                "--disable-leader-election",
                "--status-sync-interval=1s",
                "--feature-gates=RawFeedbackJsonString=true"),
            wec.directory().resolve("logs/work-agent.log"),
            Map.of("HOME", wec.directory().toString()));
    wec.add(agent);
    awaitUntil(cluster + " work agent listening", List.of(agent), () -> listening(port));
    return agent;
  }

  /** The name of a WEC's work agent process. */
  static String workAgentName(Space wec) {
    return wec.name() + "/work-agent";
  }

  static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpacesException("cannot write " + file, e);
    }
  }

  static boolean isReady(Space space) {
    try {
      return "ok".equals(space.client().raw("/readyz"));
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Polls {@code condition}; fails early with a process's log when one of {@code watched} dies. */
  static void awaitUntil(String what, List<ChildProcess> watched, BooleanSupplier condition) {
    StartupWait.until(what, watched, START_TIMEOUT, condition);
  }
}
