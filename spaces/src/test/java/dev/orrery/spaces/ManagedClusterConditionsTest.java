package dev.orrery.spaces;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class ManagedClusterConditionsTest {
  private static GenericKubernetesResource cluster(String joined, String available) {
    return Serialization.unmarshal(
        """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: c1}
        status:
          conditions:
          - {type: HubAcceptedManagedCluster, status: "True"}
          - {type: ManagedClusterJoined, status: "%s"}
          - {type: ManagedClusterConditionAvailable, status: "%s"}
        """
            .formatted(joined, available),
        GenericKubernetesResource.class);
  }

  @Test
  void joinedAndAvailableNeedsBothTrue() {
    assertThat(ManagedClusterConditions.joinedAndAvailable(cluster("True", "True"))).isTrue();
    assertThat(ManagedClusterConditions.joinedAndAvailable(cluster("True", "Unknown"))).isFalse();
    assertThat(ManagedClusterConditions.joinedAndAvailable(cluster("False", "True"))).isFalse();
  }

  @Test
  void aClusterWithoutStatusOrAbsentHasNoCondition() {
    GenericKubernetesResource bare =
        Serialization.unmarshal(
            "apiVersion: cluster.open-cluster-management.io/v1\nkind: ManagedCluster\n"
                + "metadata: {name: c1}\n",
            GenericKubernetesResource.class);
    assertThat(ManagedClusterConditions.status(bare, ManagedClusterConditions.AVAILABLE)).isNull();
    assertThat(ManagedClusterConditions.status(null, ManagedClusterConditions.AVAILABLE)).isNull();
    assertThat(ManagedClusterConditions.joinedAndAvailable(null)).isFalse();
  }

  @Test
  void aCsrIsPendingUntilApprovedOrDenied() {
    var pending = new CertificateSigningRequestBuilder().withNewMetadata().endMetadata().build();
    assertThat(ClusterAcceptance.pending(pending)).isTrue();
    assertThat(ClusterAcceptance.isApproved(pending)).isFalse();
    var approved =
        new CertificateSigningRequestBuilder(pending)
            .withNewStatus()
            .addNewCondition()
            .withType("Approved")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    assertThat(ClusterAcceptance.pending(approved)).isFalse();
    assertThat(ClusterAcceptance.isApproved(approved)).isTrue();
    var denied =
        new CertificateSigningRequestBuilder(pending)
            .withNewStatus()
            .addNewCondition()
            .withType("Denied")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    assertThat(ClusterAcceptance.pending(denied)).isFalse();
    assertThat(ClusterAcceptance.isApproved(denied)).isFalse();
  }
}
