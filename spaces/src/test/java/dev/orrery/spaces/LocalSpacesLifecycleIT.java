package dev.orrery.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Starts a set of real spaces, uses the WDS, closes the set and checks that nothing is left
 * running.
 */
class LocalSpacesLifecycleIT {

  @Test
  void startsRealProgramsAppliesServerSideAndLeavesNoProcessBehind() {
    Path dir = Path.of("target", "spaces", getClass().getSimpleName());
    Directories.deleteRecursively(dir);
    List<ChildProcess> processes;
    try (LocalSpaces spaces =
        LocalSpaces.builder().directory(dir).wec("wec1", Map.of("name", "wec1")).start()) {
      processes = spaces.processes();
      assertThat(processes)
          .extracting(ChildProcess::name)
          .contains(
              "wds/etcd",
              "wds/kube-apiserver",
              "its/kube-apiserver",
              "wec1/kube-scheduler",
              "wec1/kwok",
              "wec1/work-agent");
      assertThat(processes).allMatch(ChildProcess::isAlive);

      KubernetesClient wds = spaces.wds().client();
      assertThat(wds.getKubernetesVersion().getGitVersion()).isEqualTo("v1.36.1");

      ConfigMap byAlice = configMap("alice-value");
      wds.resource(byAlice).fieldManager("alice").serverSideApply();
      assertThat(wds.configMaps().inNamespace("default").withName("shared").get().getData())
          .containsEntry("key", "alice-value");

      assertThatThrownBy(
              () -> wds.resource(configMap("bob-value")).fieldManager("bob").serverSideApply())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(409);
                assertThat(e.getMessage()).contains("alice");
              });

      wds.resource(configMap("bob-value")).fieldManager("bob").forceConflicts().serverSideApply();
      assertThat(wds.configMaps().inNamespace("default").withName("shared").get().getData())
          .containsEntry("key", "bob-value");
    }
    assertThat(processes).noneMatch(ChildProcess::isAlive);
    assertThat(processes).allSatisfy(p -> assertThat(ProcessHandle.of(p.pid())).isEmpty());
    assertThat(ChildProcess.running()).isEmpty();
  }

  private static ConfigMap configMap(String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("shared")
        .withNamespace("default")
        .endMetadata()
        .addToData("key", value)
        .build();
  }
}
