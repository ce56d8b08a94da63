package dev.orrery.spaces;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hub administrator's half of OCM registration, as {@code clusteradm accept --clusters <name>}
 * does it: approves the pending certificate signing requests a cluster's registration agent made
 * with its bootstrap identity, and sets {@code spec.hubAcceptsClient} on its ManagedCluster. The
 * ITS's CSR signer then issues the agent's certificate, and the hub's registration controller gives
 * the cluster its namespace and RBAC.
 */
public final class ClusterAcceptance {
  /** The label OCM's registration agent puts on its CSRs and the hub on the cluster's objects. */
  public static final String CLUSTER_NAME_LABEL = "open-cluster-management.io/cluster-name";

  static final String MANAGED_CLUSTERS = "managedclusters";

  private ClusterAcceptance() {}

  /**
   * Waits (up to {@code timeout}) until cluster {@code name} has asked to join, i.e. its
   * ManagedCluster and at least one CSR exist, then approves its pending CSRs and accepts it.
   * Returns once both are done; accepting an accepted cluster changes nothing.
   */
  public static void accept(
      KubernetesClient hub, String name, Duration timeout, List<ChildProcess> watched) {
    AtomicBoolean approved = new AtomicBoolean();
    StartupWait.until(
        name + " asking the ITS to join (ManagedCluster and CSR)",
        watched,
        timeout,
        () -> {
          if (managedCluster(hub, name) == null) {
            return false;
          }
          List<CertificateSigningRequest> csrs = clusterCsrs(hub, name);
          for (CertificateSigningRequest csr : csrs) {
            if (pending(csr)) {
              approve(hub, csr);
              approved.set(true);
            }
          }
          return approved.get() || csrs.stream().anyMatch(ClusterAcceptance::isApproved);
        });
    patchManagedCluster(hub, name, Map.of("spec", Map.of("hubAcceptsClient", true)));
  }

  /** Applies a JSON merge patch to ManagedCluster {@code name}. */
  static void patchManagedCluster(KubernetesClient hub, String name, Map<String, Object> patch) {
    hub.genericKubernetesResources(OcmInventory.MANAGED_CLUSTER_API, "ManagedCluster")
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  static GenericKubernetesResource managedCluster(KubernetesClient hub, String name) {
    return hub.genericKubernetesResources(OcmInventory.MANAGED_CLUSTER_API, "ManagedCluster")
        .withName(name)
        .get();
  }

  private static List<CertificateSigningRequest> clusterCsrs(KubernetesClient hub, String name) {
    return hub.certificates()
        .v1()
        .certificateSigningRequests()
        .withLabel(CLUSTER_NAME_LABEL, name)
        .list()
        .getItems();
  }

  /** Neither approved nor denied nor failed yet. */
  static boolean pending(CertificateSigningRequest csr) {
    return csr.getStatus() == null
        || csr.getStatus().getConditions() == null
        || csr.getStatus().getConditions().isEmpty();
  }

  static boolean isApproved(CertificateSigningRequest csr) {
    return csr.getStatus() != null
        && csr.getStatus().getConditions() != null
        && csr.getStatus().getConditions().stream()
            .anyMatch(c -> "Approved".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void approve(KubernetesClient hub, CertificateSigningRequest csr) {
    CertificateSigningRequestCondition approval =
        new CertificateSigningRequestConditionBuilder()
            .withType("Approved")
            .withStatus("True")
            .withReason("AcceptedByOrrerySpaces")
            .withMessage("approved like clusteradm accept")
            .build();
    hub.certificates()
        .v1()
        .certificateSigningRequests()
        .withName(csr.getMetadata().getName())
        .approve(approval);
  }
}
