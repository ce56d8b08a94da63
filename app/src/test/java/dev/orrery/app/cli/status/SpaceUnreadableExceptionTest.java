package dev.orrery.app.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class SpaceUnreadableExceptionTest {
  static final String SERVER = "https://127.0.0.1:6443/";
  static final String RESOURCE = "gitsources.gitops.orrery.dev";

  @Test
  void noResponseAtAllSaysTheSpaceCannotBeReachedWithTheRootCause() {
    KubernetesClientException e =
        new KubernetesClientException(
            "Operation: [list] for kind: [GitSource] failed",
            new IllegalStateException("wrapped", new ConnectException("Connection refused")));

    assertThat(SpaceUnreadableException.describe("WDS", SERVER, RESOURCE, e))
        .isEqualTo(
            "cannot reach the WDS at https://127.0.0.1:6443/: ConnectException: Connection refused");
  }

  @Test
  void notFoundInTheItsAsksWhetherItIsAnOcmHub() {
    assertThat(
            SpaceUnreadableException.describe(
                "ITS",
                SERVER,
                "managedclusters.cluster.open-cluster-management.io",
                status(404, "the server could not find the requested resource")))
        .isEqualTo(
            "the ITS at https://127.0.0.1:6443/ does not serve managedclusters.cluster.open-cluster-management.io"
                + " (is it an OCM hub?)");
  }

  @Test
  void notFoundInTheWdsAsksWhetherOrreryRunsOnIt() {
    assertThat(SpaceUnreadableException.describe("WDS", SERVER, RESOURCE, status(404, "not found")))
        .isEqualTo(
            "the WDS at https://127.0.0.1:6443/ does not serve gitsources.gitops.orrery.dev"
                + " (is Orrery running on it? it installs its CRDs at start)");
  }

  @Test
  void forbiddenQuotesTheApiServersReason() {
    assertThat(
            SpaceUnreadableException.describe(
                "WDS",
                SERVER,
                RESOURCE,
                status(
                    403,
                    "gitsources.gitops.orrery.dev is forbidden: User \"bob\" cannot list resource")))
        .isEqualTo(
            "the WDS at https://127.0.0.1:6443/ refused to list gitsources.gitops.orrery.dev (HTTP 403): "
                + "gitsources.gitops.orrery.dev is forbidden: User \"bob\" cannot list resource");
  }

  @Test
  void anotherHttpFailureNamesItsCode() {
    assertThat(
            SpaceUnreadableException.describe("WDS", SERVER, RESOURCE, status(503, "etcd is down")))
        .isEqualTo(
            "the WDS at https://127.0.0.1:6443/ failed to list gitsources.gitops.orrery.dev (HTTP 503): etcd is down");
  }

  private static KubernetesClientException status(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }
}
