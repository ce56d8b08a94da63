package dev.orrery.app.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.controller.Conditions;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile revisions that name objects belonging to someone else, on a real WDS: an object another
 * GitSource applied, and one of Orrery's own CRDs. The revision is refused whole with reason {@code
 * SourceConflict}, naming path and line and the owner; the owner's object is not touched, so the
 * two sources never take it in turns.
 */
@WithSpaces
class SourceConflictIT {

  @Test
  void objectsOfAnotherSourceOrOfOrreryAreRefusedNamingPathLineAndOwner(LocalSpaces spaces)
      throws Exception {
    Path dir = Path.of("target", "source-conflict-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    KubernetesClient wds = spaces.wds().client();
    try (LocalGitServer git = LocalGitServer.start(dir.resolve("git"));
        EmbeddedServer server = LocalOrrery.start(spaces, dir.resolve("cache"), Map.of())) {
      LocalGitServer.WorkClone a = git.create("a");
      a.write("shared.yaml", configMap("shared", "a"));
      String first = a.commitAndPush("a");
      create(wds, "a", a.url());
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(() -> first.equals(status(wds, "a").get("lastAppliedRevision")));
      String resourceVersion = shared(wds).getMetadata().getResourceVersion();

      LocalGitServer.WorkClone b = git.create("b");
      b.write("own.yaml", configMap("b-own", "b"))
          .write(
              "team/shared.yaml", "# the same object as source a's\n" + configMap("shared", "b"));
      String conflicting = b.commitAndPush("b");
      create(wds, "b", b.url());
      String errors = awaitRefused(wds, "b", conflicting);
      System.out.println("HOSTILE another source's object: " + errors);
      assertThat(errors)
          .contains("team/shared.yaml:2", "shared", "belongs to GitSource default/a")
          .doesNotContain("own.yaml:");
      assertThat(wds.configMaps().inNamespace("default").withName("b-own").get()).isNull();

      // Source a keeps its object; b, reconciled again, still refuses and never writes it.
      a.write("shared.yaml", configMap("shared", "a2"));
      String second = a.commitAndPush("a2");
      poke(wds, "a", "1");
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(() -> second.equals(status(wds, "a").get("lastAppliedRevision")));
      String afterA = shared(wds).getMetadata().getResourceVersion();
      assertThat(afterA).isNotEqualTo(resourceVersion);
      poke(wds, "b", "1");
      awaitRefused(wds, "b", conflicting);
      assertThat(shared(wds).getData()).containsEntry("v", "a2");
      assertThat(shared(wds).getMetadata().getLabels())
          .containsEntry("gitops.orrery.dev/source", "default.a");

      // One of Orrery's own CRDs.
      LocalGitServer.WorkClone c = git.create("c");
      c.write(
          "crd.yaml",
          """
          apiVersion: apiextensions.k8s.io/v1
          kind: CustomResourceDefinition
          metadata: {name: gitsources.gitops.orrery.dev}
          spec:
            group: gitops.orrery.dev
            names: {kind: GitSource, plural: gitsources}
            scope: Namespaced
            versions:
            - name: v1alpha1
              served: true
              storage: true
              schema: {openAPIV3Schema: {type: object}}
          """);
      String crd = c.commitAndPush("take over the GitSource CRD");
      create(wds, "c", c.url());
      errors = awaitRefused(wds, "c", crd);
      System.out.println("HOSTILE Orrery's CRD: " + errors);
      assertThat(errors).contains("crd.yaml:1", "one of Orrery's own CustomResourceDefinitions");
    }
  }

  private static ConfigMap shared(KubernetesClient wds) {
    return wds.configMaps().inNamespace("default").withName("shared").get();
  }

  private static String awaitRefused(KubernetesClient wds, String name, String revision) {
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> status = status(wds, name);
              assertThat(status.get("lastFetchedRevision")).isEqualTo(revision);
              assertThat(Conditions.find(status.get("conditions"), "Ready"))
                  .containsEntry("status", "False")
                  .containsEntry("reason", "SourceConflict");
            });
    return String.valueOf(status(wds, name).get("errors"));
  }

  private static void create(KubernetesClient wds, String name, String url) {
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(
            () ->
                wds.resource(
                            Serialization.unmarshal(
                                """
                        apiVersion: gitops.orrery.dev/v1alpha1
                        kind: GitSource
                        metadata: {name: %s, namespace: default}
                        spec: {url: %s, interval: 1h}
                        """
                                    .formatted(name, url),
                                GenericKubernetesResource.class))
                        .create()
                    != null);
  }

  private static void poke(KubernetesClient wds, String name, String value) {
    wds.genericKubernetesResources("gitops.orrery.dev/v1alpha1", "GitSource")
        .inNamespace("default")
        .withName(name)
        .edit(
            g -> {
              g.getMetadata().setAnnotations(Map.of("test.orrery.dev/poke", value));
              return g;
            });
  }

  private static String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: default}
        data: {v: %s}
        """
        .formatted(name, value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(KubernetesClient wds, String name) {
    GenericKubernetesResource r =
        wds.genericKubernetesResources("gitops.orrery.dev/v1alpha1", "GitSource")
            .inNamespace("default")
            .withName(name)
            .get();
    Object status = r.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }
}
