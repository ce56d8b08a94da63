package dev.orrery.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WECs join the ITS the way OCM users join clusters: OCM's registration agent on each WEC asks with
 * a bootstrap identity (ManagedCluster + CSR), {@link ClusterAcceptance} accepts it, the ITS's CSR
 * signer issues the agent's certificate, the hub's registration controller creates the cluster's
 * namespace and RBAC, the cluster becomes Joined and Available through its lease, and the work
 * agent delivers a ManifestWork with the identity registration gave it.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "reg1",
          labels = {"name=reg1", "location-group=edge"}),
      @WithSpaces.Wec(
          name = "reg2",
          labels = {"name=reg2", "location-group=edge"})
    })
class OcmRegistrationIT {
  private static final String MANAGED_CLUSTER = "cluster.open-cluster-management.io/v1";

  @Test
  void clustersRegisterThroughCsrAndAcceptanceAndReceiveManifestWorks(LocalSpaces spaces)
      throws Exception {
    KubernetesClient its = spaces.its().client();
    assertThat(spaces.processes())
        .extracting(ChildProcess::name)
        .contains(
            "its/registration-controller", "reg1/registration-agent", "reg2/registration-agent");

    for (String cluster : List.of("reg1", "reg2")) {
      GenericKubernetesResource mc = managedCluster(its, cluster);
      assertThat(mc.getMetadata().getLabels()).containsEntry("location-group", "edge");
      assertThat(ManagedClusterConditions.joinedAndAvailable(mc)).isTrue();
      Map<?, ?> spec = (Map<?, ?>) mc.getAdditionalProperties().get("spec");
      assertThat(spec.get("hubAcceptsClient")).isEqualTo(true);
      assertThat(spec.get("leaseDurationSeconds")).isEqualTo(LocalSpaces.DEFAULT_LEASE_SECONDS);
      // The agent asked with a CSR, which was approved and then signed by the ITS's signer.
      List<CertificateSigningRequest> csrs =
          its.certificates()
              .v1()
              .certificateSigningRequests()
              .withLabel(ClusterAcceptance.CLUSTER_NAME_LABEL, cluster)
              .list()
              .getItems();
      assertThat(csrs).isNotEmpty();
      assertThat(csrs)
          .anySatisfy(
              csr -> {
                assertThat(ClusterAcceptance.isApproved(csr)).isTrue();
                assertThat(csr.getStatus().getCertificate()).isNotEmpty();
                assertThat(csr.getSpec().getUsername()).isEqualTo(OcmInventory.BOOTSTRAP_USER);
              });
      // The hub's registration controller gave the accepted cluster its namespace and RBAC.
      assertThat(its.namespaces().withName(cluster).get()).isNotNull();
      assertThat(
              its.rbac()
                  .roleBindings()
                  .inNamespace(cluster)
                  .withName("open-cluster-management:managedcluster:" + cluster + ":work")
                  .get())
          .isNotNull();
      // The work agent's hub identity is the certificate registration obtained.
      X509Certificate identity =
          certificate(spaces.wec(cluster).space().directory().resolve("hub-kubeconfig.d/tls.crt"));
      assertThat(identity.getSubjectX500Principal().getName())
          .contains("CN=system:open-cluster-management:" + cluster + ":" + cluster + "-agent")
          .contains("O=system:open-cluster-management:" + cluster);
      assertThat(
              Files.readString(
                  spaces.wec(cluster).space().directory().resolve("logs/work-agent.log")))
          .doesNotContain("is forbidden");
    }

    GenericKubernetesResource work =
        Serialization.unmarshal(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata:
              name: registered
              namespace: reg1
            spec:
              workload:
                manifests:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: hello
                    namespace: default
                  data:
                    from: registration
            """,
            GenericKubernetesResource.class);
    its.resource(work).create();
    KubernetesClient reg1 = spaces.wec("reg1").space().client();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        reg1.configMaps().inNamespace("default").withName("hello").get().getData())
                    .containsEntry("from", "registration"));
  }

  @Test
  void aClusterWhoseAgentStopsBecomesUnavailableAndReturns(LocalSpaces spaces) {
    KubernetesClient its = spaces.its().client();
    spaces.stopRegistrationAgent("reg2");
    try {
      // The lease is no longer renewed: after 5 lease durations the hub marks it Unknown.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  "Unknown"
                      .equals(
                          ManagedClusterConditions.status(
                              managedCluster(its, "reg2"), ManagedClusterConditions.AVAILABLE)));
      assertThat(
              ManagedClusterConditions.status(
                  managedCluster(its, "reg1"), ManagedClusterConditions.AVAILABLE))
          .isEqualTo("True");
    } finally {
      spaces.startRegistrationAgent("reg2");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ManagedClusterConditions.joinedAndAvailable(managedCluster(its, "reg2")));
  }

  @Test
  void aWecAddedWhileRunningRegistersAndOneRemovedIsGone(LocalSpaces spaces) {
    KubernetesClient its = spaces.its().client();
    Wec added = spaces.addWec("reg3", Map.of("name", "reg3", "location-group", "cloud"));
    try {
      GenericKubernetesResource mc = managedCluster(its, "reg3");
      assertThat(ManagedClusterConditions.joinedAndAvailable(mc)).isTrue();
      assertThat(mc.getMetadata().getLabels()).containsEntry("location-group", "cloud");
      assertThat(spaces.wecs()).extracting(Wec::name).contains("reg3");
      List<ChildProcess> processes = added.space().processes();

      spaces.removeWec("reg3");
      assertThat(managedCluster(its, "reg3")).isNull();
      assertThat(spaces.wecs()).extracting(Wec::name).doesNotContain("reg3");
      assertThat(processes).noneMatch(ChildProcess::isAlive);
    } finally {
      if (spaces.wecs().stream().anyMatch(w -> w.name().equals("reg3"))) {
        spaces.removeWec("reg3");
      }
    }
  }

  private static GenericKubernetesResource managedCluster(KubernetesClient its, String name) {
    return its.genericKubernetesResources(MANAGED_CLUSTER, "ManagedCluster").withName(name).get();
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }
}
