package dev.orrery.spaces;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The start-up steps of each kind of space, sharing one CA and one admin identity per run. */
final class SpacesBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(SpacesBootstrap.class);
  private final Path directory;
  private final CertificateAuthority ca;
  private final CertificateAuthority.Credential admin;
  private final ProcessLauncher launcher;
  private final OcmInventory ocm;
  private final CertificateAuthority.Credential bootstrapIdentity;
  private final Path pki;

  SpacesBootstrap(ProgramBinaries bin, Path directory) {
    this.directory = directory;
    this.ca = CertificateAuthority.create("orrery-local-spaces-ca");
    this.admin = ca.issueClient("orrery-admin", List.of("system:masters"));
    this.pki = directory.resolve("pki");
    ProcessLauncher.write(pki.resolve("ca.crt"), ca.certificatePem());
    ProcessLauncher.write(pki.resolve("ca.key"), ca.privateKeyPem());
    this.bootstrapIdentity =
        ca.issueClient(OcmInventory.BOOTSTRAP_USER, List.of(OcmInventory.BOOTSTRAP_GROUP));
    CertificateAuthority.Credential serviceAccountKey = CertificateAuthority.newSigningKey();
    ProcessLauncher.write(pki.resolve("sa.pub"), serviceAccountKey.certificatePem());
    ProcessLauncher.write(pki.resolve("sa.key"), serviceAccountKey.privateKeyPem());
    this.launcher = new ProcessLauncher(bin, ca, pki);
    this.ocm = new OcmInventory(bin);
  }

  OcmInventory ocm() {
    return ocm;
  }

  /**
   * A WDS or ITS: etcd, kube-apiserver and a controller-manager for namespaces and garbage
   * collection.
   */
  Space hubSpace(String name) {
    Space space = launcher.startControlPlane(name, directory.resolve(name), admin);
    launcher.startControllerManager(space, LocalSpaces.HUB_CONTROLLERS);
    return space;
  }

  /**
   * The ITS: like {@link #hubSpace}, plus the CSR signer that issues registering clusters' client
   * certificates from the run's CA, OCM's CRDs and, when {@code registration}, OCM's hub
   * registration controller and the bootstrap role.
   */
  Space itsSpace(boolean registration) {
    Space space = launcher.startControlPlane("its", directory.resolve("its"), admin);
    launcher.startControllerManager(
        space,
        LocalSpaces.HUB_CONTROLLERS + (registration ? ",csrsigning" : ""),
        registration
            ? List.of(
                "--cluster-signing-cert-file=" + pki.resolve("ca.crt"),
                "--cluster-signing-key-file=" + pki.resolve("ca.key"))
            : List.of());
    ocm.installHub(space);
    if (registration) {
      ocm.installRegistrationHub(space);
      launcher.startRegistrationController(space);
    }
    return space;
  }

  /** A WEC: a full control plane with scheduler and kwok, {@code nodes} Ready fake Nodes. */
  Space wecSpace(String name, int nodes) {
    Space space = launcher.startControlPlane(name, directory.resolve(name), admin);
    launcher.startControllerManager(space, "*");
    launcher.startScheduler(space);
    launcher.startKwok(space);
    KubernetesClient client = space.client();
    List<String> names =
        IntStream.rangeClosed(1, nodes).mapToObj(i -> name + "-node-" + i).toList();
    names.forEach(n -> client.resource(FakeNodes.node(n)).create());
    ocm.installSpoke(space);
    ProcessLauncher.awaitUntil(
        name + " nodes Ready",
        space.processes(),
        () -> names.stream().allMatch(n -> FakeNodes.ready(client.nodes().withName(n).get())));
    return space;
  }

  /**
   * Registers the WEC the way OCM users do: its registration agent asks to join with a bootstrap
   * identity, {@link ClusterAcceptance} accepts it like {@code clusteradm accept}, the
   * ManagedCluster gets its labels and lease duration, and once it is Joined and Available the work
   * agent starts with the hub identity registration gave it.
   */
  Wec register(Space wec, Space its, String cluster, Map<String, String> labels, int leaseSeconds) {
    ocm.installRegistrationSpoke(wec);
    Path bootstrapKubeconfig =
        Kubeconfig.write(
            wec.directory().resolve("bootstrap-hub-kubeconfig"),
            "its",
            its.server(),
            ca.certificatePem(),
            bootstrapIdentity);
    Path hubDir = wec.directory().resolve("hub-kubeconfig.d");
    launcher.startRegistrationAgent(wec, cluster, bootstrapKubeconfig, hubDir);
    ClusterAcceptance.accept(its.client(), cluster, ProcessLauncher.START_TIMEOUT, wec.processes());
    ClusterAcceptance.patchManagedCluster(
        its.client(),
        cluster,
        Map.of(
            "metadata", Map.of("labels", labels),
            "spec", Map.of("leaseDurationSeconds", leaseSeconds)));
    Path hubKubeconfig = hubDir.resolve("kubeconfig");
    ProcessLauncher.awaitUntil(
        cluster + " Joined and Available in the ITS",
        wec.processes(),
        () ->
            Files.isRegularFile(hubKubeconfig)
                && ManagedClusterConditions.joinedAndAvailable(
                    ClusterAcceptance.managedCluster(its.client(), cluster)));
    launcher.startWorkAgent(wec, cluster, hubKubeconfig);
    return new Wec(cluster, labels, wec);
  }

  /** Registers the WEC in the ITS and starts its work agent with a mailbox-only hub identity. */
  Wec joinHub(Space wec, Space its, String cluster, Map<String, String> labels) {
    ocm.register(its, cluster, labels, wec, ca.certificatePem());
    CertificateAuthority.Credential agentIdentity =
        ca.issueClient(OcmInventory.agentUser(cluster), List.of(OcmInventory.agentGroup(cluster)));
    Path hubKubeconfig =
        Kubeconfig.write(
            wec.directory().resolve("hub-kubeconfig"),
            "its",
            its.server(),
            ca.certificatePem(),
            agentIdentity);
    launcher.startWorkAgent(wec, cluster, hubKubeconfig);
    return new Wec(cluster, labels, wec);
  }

  /** Stops the WEC's work agent, if it runs. */
  void stopWorkAgent(Space wec) {
    wec.processes().stream()
        .filter(p -> p.name().equals(ProcessLauncher.workAgentName(wec)))
        .forEach(
            p -> {
              p.close();
              wec.remove(p);
            });
  }

  /** Starts the WEC's work agent again with the hub kubeconfig {@link #joinHub} wrote. */
  void startWorkAgent(Space wec, String cluster) {
    boolean running =
        wec.processes().stream()
            .anyMatch(p -> p.name().equals(ProcessLauncher.workAgentName(wec)) && p.isAlive());
    if (!running) {
      Path registered = wec.directory().resolve("hub-kubeconfig.d/kubeconfig");
      launcher.startWorkAgent(
          wec,
          cluster,
          Files.isRegularFile(registered) ? registered : wec.directory().resolve("hub-kubeconfig"));
    }
  }

  /**
   * Deletes cluster {@code name}'s ManagedCluster in the ITS and waits up to a minute until OCM has
   * cleaned up after it (its ManifestWorks and the ManagedCluster are gone); a cluster whose agents
   * have stopped may keep it longer, which is logged rather than failed.
   */
  void unregister(Space its, String name) {
    its.client()
        .genericKubernetesResources(OcmInventory.MANAGED_CLUSTER_API, "ManagedCluster")
        .withName(name)
        .delete();
    try {
      StartupWait.until(
          name + " ManagedCluster deleted",
          List.of(),
          Duration.ofSeconds(60),
          () -> ClusterAcceptance.managedCluster(its.client(), name) == null);
    } catch (SpacesException slow) {
      LOG.warn("{}; stopping the WEC anyway", slow.getMessage());
    }
  }

  /** Stops the WEC's registration agent, if it runs. */
  void stopRegistrationAgent(Space wec) {
    wec.processes().stream()
        .filter(p -> p.name().equals(ProcessLauncher.registrationAgentName(wec)))
        .forEach(
            p -> {
              p.close();
              wec.remove(p);
            });
  }

  /** Starts the WEC's registration agent again; it finds its hub identity in its Secret. */
  void startRegistrationAgent(Space wec, String cluster) {
    boolean running =
        wec.processes().stream()
            .anyMatch(
                p -> p.name().equals(ProcessLauncher.registrationAgentName(wec)) && p.isAlive());
    if (!running) {
      launcher.startRegistrationAgent(
          wec,
          cluster,
          wec.directory().resolve("bootstrap-hub-kubeconfig"),
          wec.directory().resolve("hub-kubeconfig.d"));
    }
  }
}
