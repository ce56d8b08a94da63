package dev.orrery.spaces;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The start-up steps of each kind of space, sharing one CA and one admin identity per run. */
final class SpacesBootstrap {
  private final Path directory;
  private final CertificateAuthority ca;
  private final CertificateAuthority.Credential admin;
  private final ProcessLauncher launcher;
  private final OcmInventory ocm;

  SpacesBootstrap(ProgramBinaries bin, Path directory) {
    this.directory = directory;
    this.ca = CertificateAuthority.create("orrery-local-spaces-ca");
    this.admin = ca.issueClient("orrery-admin", List.of("system:masters"));
    Path pki = directory.resolve("pki");
    ProcessLauncher.write(pki.resolve("ca.crt"), ca.certificatePem());
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
      launcher.startWorkAgent(wec, cluster, wec.directory().resolve("hub-kubeconfig"));
    }
  }
}
