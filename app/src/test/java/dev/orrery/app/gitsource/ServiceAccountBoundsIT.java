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
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile revisions a GitSource's service account may not apply, decided by the real API server: an
 * object in a namespace the account may not write, and a ClusterRole granting more than the account
 * holds (Kubernetes' RBAC escalation check). Each rejects the whole revision with the object's path
 * and line; the last good revision stays applied and nothing of the refused one is.
 */
@WithSpaces
class ServiceAccountBoundsIT {
  static final String NS = "team-a";

  @Test
  void aRevisionTheAccountMayNotApplyInFullIsRefusedWholeNamingPathAndLine(LocalSpaces spaces)
      throws Exception {
    Path dir = Path.of("target", "service-account-bounds-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    KubernetesClient wds = spaces.wds().client();
    try (LocalGitServer git = LocalGitServer.start(dir.resolve("git"));
        EmbeddedServer server = LocalOrrery.start(spaces, dir.resolve("cache"), Map.of())) {
      for (String yaml :
          new String[] {
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n",
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-b}\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: deployer, namespace: team-a}\n",
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: configmaps, namespace: team-a}
            rules:
            - {apiGroups: [""], resources: [configmaps], verbs: [get, list, watch, create, update, patch, delete]}
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: deployer, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmaps}
            subjects: [{kind: ServiceAccount, name: deployer, namespace: team-a}]
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: team-a-deployer-roles}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [get, list, watch, create, update, patch, delete]}
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: team-a-deployer-roles}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: team-a-deployer-roles}
            subjects: [{kind: ServiceAccount, name: deployer, namespace: team-a}]
            """
          }) {
        HasMetadata object = Serialization.unmarshal(yaml);
        wds.resource(object).fieldManager("test").forceConflicts().serverSideApply();
      }

      // A good revision: a ConfigMap in team-a and a ClusterRole granting only what the account
      // holds cluster-wide.
      LocalGitServer.WorkClone repo = git.create("team-a");
      repo.write("settings.yaml", settings("v1"))
          .write(
              "viewer-role.yaml",
              """
              apiVersion: rbac.authorization.k8s.io/v1
              kind: ClusterRole
              metadata: {name: team-a-viewer}
              rules:
              - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [get]}
              """);
      String good = repo.commitAndPush("good");
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
                          metadata: {name: team-a, namespace: team-a}
                          spec: {url: %s, interval: 1h, serviceAccountName: deployer}
                          """
                                      .formatted(repo.url()),
                                  GenericKubernetesResource.class))
                          .create()
                      != null);
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(status(wds).get("lastAppliedRevision")).isEqualTo(good);
                assertThat(color(wds)).isEqualTo("v1");
              });

      // An object in a namespace the account may not write, as the second document of a file.
      repo.write("settings.yaml", settings("v2"))
          .write(
              "more.yaml",
              """
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: other, namespace: team-a}
              data: {k: v}
              ---
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: intruder, namespace: team-b}
              data: {k: v}
              """);
      String otherNamespace = repo.commitAndPush("into team-b");
      poke(wds, "1");
      String errors = awaitRefused(wds, otherNamespace);
      System.out.println("HOSTILE other namespace: " + errors);
      assertThat(errors)
          .contains("more.yaml:6", "team-b", "intruder", "service account team-a/deployer")
          .doesNotContain("settings.yaml");
      assertUnchanged(wds, good);
      assertThat(wds.configMaps().inNamespace("team-b").withName("intruder").get()).isNull();
      assertThat(wds.configMaps().inNamespace(NS).withName("other").get()).isNull();

      // A ClusterRole granting more than the account holds: RBAC's escalation check refuses it.
      repo.delete("more.yaml")
          .write("settings.yaml", settings("v3"))
          .write(
              "secrets-role.yaml",
              """
              # a role that would let the team read every Secret
              apiVersion: rbac.authorization.k8s.io/v1
              kind: ClusterRole
              metadata: {name: team-a-secrets}
              rules:
              - {apiGroups: [""], resources: [secrets], verbs: ["*"]}
              """);
      String escalation = repo.commitAndPush("escalate");
      poke(wds, "2");
      errors = awaitRefused(wds, escalation);
      System.out.println("HOSTILE RBAC escalation: " + errors);
      assertThat(errors)
          .contains(
              "secrets-role.yaml:2",
              "team-a-secrets",
              "is attempting to grant RBAC permissions not currently held")
          .doesNotContain("settings.yaml");
      assertUnchanged(wds, good);
      assertThat(wds.resources(ClusterRole.class).withName("team-a-secrets").get()).isNull();
    }
  }

  private static String awaitRefused(KubernetesClient wds, String revision) {
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Map<String, Object> status = status(wds);
              assertThat(status.get("lastFetchedRevision")).isEqualTo(revision);
              Map<String, Object> ready = Conditions.find(status.get("conditions"), "Ready");
              assertThat(ready)
                  .containsEntry("status", "False")
                  .containsEntry("reason", "Forbidden");
            });
    return String.valueOf(status(wds).get("errors"));
  }

  private static void assertUnchanged(KubernetesClient wds, String good) {
    assertThat(status(wds).get("lastAppliedRevision"))
        .as("the last good revision stays applied")
        .isEqualTo(good);
    assertThat(color(wds)).as("nothing of the refused revision is applied").isEqualTo("v1");
  }

  private static void poke(KubernetesClient wds, String value) {
    wds.genericKubernetesResources("gitops.orrery.dev/v1alpha1", "GitSource")
        .inNamespace(NS)
        .withName("team-a")
        .edit(
            g -> {
              g.getMetadata().setAnnotations(Map.of("test.orrery.dev/poke", value));
              return g;
            });
  }

  private static String color(KubernetesClient wds) {
    ConfigMap cm = wds.configMaps().inNamespace(NS).withName("settings").get();
    return cm == null ? null : cm.getData().get("version");
  }

  private static String settings(String version) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: team-a}
        data: {version: %s}
        """
        .formatted(version);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(KubernetesClient wds) {
    GenericKubernetesResource r =
        wds.genericKubernetesResources("gitops.orrery.dev/v1alpha1", "GitSource")
            .inNamespace(NS)
            .withName("team-a")
            .get();
    Object status = r.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }
}
