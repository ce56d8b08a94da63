package dev.orrery.tests.deploy;

import static dev.orrery.tests.deploy.DeployChart.at;
import static dev.orrery.tests.deploy.DeployChart.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code helm lint} and {@code helm template} of deploy/orrery, with default and non-default
 * values.
 */
class HelmChartTest {
  static final String FULLNAME = "orrery";

  @Test
  void theChartLintsCleanInStrictMode() {
    LintResult lint = new Helm(DeployChart.chart()).lint().strict().call();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void byDefaultOrreryServesInClusterAsANonRootReadOnlyPodWithProbes() {
    List<GenericKubernetesResource> objects = DeployChart.render(Map.of());
    GenericKubernetesResource deployment = get(objects, "Deployment", FULLNAME);

    assertThat(at(deployment, "spec", "replicas")).isEqualTo(2);
    assertThat(at(deployment, "spec", "strategy", "type")).isEqualTo("RollingUpdate");
    assertThat(at(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
    assertThat(at(deployment, "spec", "template", "spec", "serviceAccountName"))
        .isEqualTo(FULLNAME);
    assertThat(at(deployment, "spec", "template", "spec", "automountServiceAccountToken"))
        .isEqualTo(true);
    assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
        .isEqualTo(true);
    Object container = at(deployment, "spec", "template", "spec", "containers", 0);
    assertThat(container).extracting("image").isEqualTo("orrery:0.1.0-SNAPSHOT");
    assertThat(container).extracting("args").isEqualTo(List.of("serve"));
    assertThat(at(deployment, "spec", "template", "spec", "containers", 0, "env").toString())
        .contains("{name=ORRERY_LOG_FORMAT, value=text}");
    assertThat(
            at(
                deployment,
                "spec",
                "template",
                "spec",
                "containers",
                0,
                "securityContext",
                "readOnlyRootFilesystem"))
        .isEqualTo(true);
    assertThat(
            at(
                deployment,
                "spec",
                "template",
                "spec",
                "containers",
                0,
                "livenessProbe",
                "httpGet",
                "path"))
        .isEqualTo("/health/liveness");
    assertThat(
            at(
                deployment,
                "spec",
                "template",
                "spec",
                "containers",
                0,
                "readinessProbe",
                "httpGet",
                "path"))
        .isEqualTo("/health/readiness");
    assertThat(
            at(deployment, "spec", "template", "spec", "containers", 0, "volumeMounts").toString())
        .contains("mountPath=/var/cache/orrery")
        .contains("mountPath=/tmp")
        .doesNotContain("/etc/orrery/wds");
    assertThat(at(deployment, "spec", "template", "spec", "volumes").toString())
        .contains("name=git-cache, emptyDir={sizeLimit=2Gi}");
    assertThat(application(objects))
        .contains("git-cache-dir: /var/cache/orrery/git")
        .doesNotContain("wds-kubeconfig")
        .contains("token-secret: \"orrery-system/orrery-argocd-plugin\"");
    assertThat(at(get(objects, "Service", FULLNAME), "spec", "ports", 0, "port")).isEqualTo(8080);
    assertThat(objects).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
  }

  @Test
  void byDefaultTwoReplicasElectALeaderWithALeaseAndSpreadOverNodes() {
    List<GenericKubernetesResource> objects = DeployChart.render(Map.of());
    GenericKubernetesResource deployment = get(objects, "Deployment", FULLNAME);

    assertThat(application(objects))
        .contains("leader-election:")
        .contains("enabled: true")
        .contains("lease-name: \"orrery-leader\"")
        .contains("lease-namespace: \"orrery-system\"")
        .contains("lease-duration: \"10s\"")
        .contains("renew-deadline: \"7s\"")
        .contains("retry-period: \"1s\"");
    GenericKubernetesResource leases = get(objects, "Role", FULLNAME + "-leases");
    assertThat(leases.getMetadata().getNamespace()).isEqualTo("orrery-system");
    assertThat(rules(leases))
        .isEqualTo(
            "[{apiGroups=[coordination.k8s.io], resources=[leases], verbs=[get, list, watch, create, update, patch, delete]}]");
    assertThat(
            get(objects, "RoleBinding", FULLNAME + "-leases")
                .getAdditionalProperties()
                .get("subjects")
                .toString())
        .contains("name=orrery, namespace=orrery-system");
    assertThat(rules(get(objects, "ClusterRole", FULLNAME + "-wds")))
        .contains(
            "{apiGroups=[gitops.orrery.dev], resources=[gitsources], verbs=[get, list, watch, patch]}");
    GenericKubernetesResource pdb = get(objects, "PodDisruptionBudget", FULLNAME);
    assertThat(at(pdb, "spec", "minAvailable")).isEqualTo(1);
    assertThat(at(pdb, "spec", "selector", "matchLabels"))
        .isEqualTo(at(deployment, "spec", "selector", "matchLabels"));
    Object preferred =
        at(
            deployment,
            "spec",
            "template",
            "spec",
            "affinity",
            "podAntiAffinity",
            "preferredDuringSchedulingIgnoredDuringExecution",
            0,
            "podAffinityTerm");
    assertThat(preferred).extracting("topologyKey").isEqualTo("kubernetes.io/hostname");
    assertThat(preferred)
        .extracting("labelSelector")
        .extracting("matchLabels")
        .isEqualTo(at(deployment, "spec", "selector", "matchLabels"));
  }

  @Test
  void withoutLeaderElectionOneReplicaIsReplacedOnUpdate() {
    List<GenericKubernetesResource> objects =
        DeployChart.render(
            Map.of(
                "leaderElection.enabled",
                false,
                "replicaCount",
                3,
                "leaderElection.namespace",
                "elsewhere"));
    GenericKubernetesResource deployment = get(objects, "Deployment", FULLNAME);

    assertThat(at(deployment, "spec", "replicas")).isEqualTo(1);
    assertThat(at(deployment, "spec", "strategy", "type")).isEqualTo("Recreate");
    assertThat(application(objects)).contains("enabled: false");
    assertThat(objects)
        .noneMatch(o -> o.getKind().equals("PodDisruptionBudget"))
        .noneMatch(o -> o.getMetadata().getName().equals(FULLNAME + "-leases"));
  }

  @Test
  void theLeasesMayLiveInAnotherNamespace() {
    List<GenericKubernetesResource> objects =
        DeployChart.render(Map.of("leaderElection.namespace", "orrery-leases", "replicaCount", 1));

    assertThat(get(objects, "Role", FULLNAME + "-leases").getMetadata().getNamespace())
        .isEqualTo("orrery-leases");
    assertThat(application(objects)).contains("lease-namespace: \"orrery-leases\"");
    assertThat(objects).noneMatch(o -> o.getKind().equals("PodDisruptionBudget"));
  }

  @Test
  void byDefaultBothSpacesAreInClusterAndGetTheirClusterRoles() {
    // CRDs are not templates: Helm installs deploy/orrery/crds/ before them (checked below against
    // crds/).
    List<GenericKubernetesResource> objects = DeployChart.render(Map.of());

    assertThat(objects).noneMatch(o -> o.getKind().equals("CustomResourceDefinition"));
    String wds = rules(get(objects, "ClusterRole", FULLNAME + "-wds"));
    assertThat(wds)
        .contains(
            "{apiGroups=[gitops.orrery.dev], resources=[gitsources/status], verbs=[get, update, patch]}")
        .contains("{apiGroups=[], resources=[serviceaccounts], verbs=[impersonate]}")
        .contains("{apiGroups=[], resources=[secrets], verbs=[get]}")
        .contains(
            "{apiGroups=[apiextensions.k8s.io], resources=[customresourcedefinitions], verbs=[get, list, watch, create, patch]}")
        .contains("{apiGroups=[*], resources=[*], verbs=[get, list, watch, patch]}")
        .doesNotContain("delete]}, {apiGroups=[*]")
        .doesNotContain("verbs=[create, update, patch, delete]}]");
    String its = rules(get(objects, "ClusterRole", FULLNAME + "-its"));
    assertThat(its)
        .contains(
            "resources=[manifestworks], verbs=[get, list, watch, create, update, patch, delete]")
        .contains("resources=[namespaces], verbs=[get, patch], resourceNames=[orrery-system]");
    assertThat(
            get(objects, "ClusterRoleBinding", FULLNAME + "-wds")
                .getAdditionalProperties()
                .get("subjects")
                .toString())
        .contains("name=orrery, namespace=orrery-system");
    assertThat(DeployChart.find(objects, "Namespace", "customization-properties")).isPresent();
    assertThat(get(objects, "Role", FULLNAME + "-its-properties").getMetadata().getNamespace())
        .isEqualTo("customization-properties");
  }

  @Test
  void remoteSpacesAndAServiceMonitor() {
    List<GenericKubernetesResource> objects =
        DeployChart.render(
            Map.of(
                "wds.kubeconfigSecret",
                "wds-kubeconfig",
                "wds.context",
                "wds1",
                "its.kubeconfigSecret",
                "its-kubeconfig",
                "its.kubeconfigKey",
                "config",
                "serviceMonitor.enabled",
                true,
                "serviceMonitor.labels.release",
                "prometheus",
                "webhook.secretName",
                "orrery-webhook",
                "image.repository",
                "registry.example.com/platform/orrery",
                "image.tag",
                "1.2.3",
                "logFormat",
                "json"));
    GenericKubernetesResource deployment = get(objects, "Deployment", FULLNAME);
    assertThat(at(deployment, "spec", "template", "spec", "containers", 0, "env").toString())
        .contains("{name=ORRERY_LOG_FORMAT, value=json}");

    assertThat(at(deployment, "spec", "template", "spec", "automountServiceAccountToken"))
        .isEqualTo(false);
    assertThat(at(deployment, "spec", "template", "spec", "containers", 0, "image"))
        .isEqualTo("registry.example.com/platform/orrery:1.2.3");
    assertThat(at(deployment, "spec", "template", "spec", "volumes").toString())
        .contains("secret={secretName=wds-kubeconfig, items=[{key=kubeconfig, path=kubeconfig}]}")
        .contains("secret={secretName=its-kubeconfig, items=[{key=config, path=kubeconfig}]}")
        .contains("secret={secretName=orrery-webhook, items=[{key=secret, path=secret}]}");
    assertThat(application(objects))
        .contains("wds-kubeconfig: /etc/orrery/wds/kubeconfig")
        .contains("wds-context: \"wds1\"")
        .contains("its-kubeconfig: /etc/orrery/its/kubeconfig")
        .contains("webhook-secret-file: /etc/orrery/webhook/secret");
    assertThat(objects)
        .noneMatch(o -> o.getKind().startsWith("ClusterRole") || o.getKind().startsWith("Role"));
    GenericKubernetesResource monitor = get(objects, "ServiceMonitor", FULLNAME);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(at(monitor, "spec", "endpoints", 0))
        .extracting("port", "path")
        .containsExactly("http", "/metrics");
    assertThat(at(monitor, "spec", "selector", "matchLabels"))
        .isEqualTo(at(get(objects, "Service", FULLNAME), "spec", "selector"));
  }

  @Test
  void listedGitSourceNamespacesConfineSecretsAndImpersonationToThem() {
    List<GenericKubernetesResource> objects =
        DeployChart.render(
            Map.of(
                "rbac.gitSourceNamespaces[0]",
                "team-a",
                "rbac.gitSourceNamespaces[1]",
                "team-b",
                "its.createCustomizationPropertiesNamespace",
                false));

    String wds = rules(get(objects, "ClusterRole", FULLNAME + "-wds"));
    assertThat(wds)
        .doesNotContain("resources=[secrets]")
        .doesNotContain("resources=[serviceaccounts]")
        .contains(
            "resources=[groups], verbs=[impersonate], resourceNames=[system:serviceaccounts, system:authenticated,"
                + " system:serviceaccounts:team-a, system:serviceaccounts:team-b]");
    for (String ns : List.of("team-a", "team-b")) {
      GenericKubernetesResource role =
          objects.stream()
              .filter(o -> o.getKind().equals("Role") && ns.equals(o.getMetadata().getNamespace()))
              .findFirst()
              .orElseThrow();
      assertThat(rules(role))
          .isEqualTo(
              "[{apiGroups=[], resources=[secrets], verbs=[get]},"
                  + " {apiGroups=[], resources=[serviceaccounts], verbs=[impersonate]}]");
    }
    GenericKubernetesResource token = get(objects, "Role", FULLNAME + "-argocd-token");
    assertThat(token.getMetadata().getNamespace()).isEqualTo("orrery-system");
    assertThat(rules(token)).contains("resourceNames=[orrery-argocd-plugin]");
    assertThat(DeployChart.find(objects, "Namespace", "customization-properties")).isEmpty();
  }

  @Test
  void applyingWithoutServiceAccountIsAnExplicitChoice() {
    String rules =
        rules(
            get(
                DeployChart.render(Map.of("rbac.applyWithoutServiceAccount", true)),
                "ClusterRole",
                FULLNAME + "-wds"));

    assertThat(rules)
        .contains("{apiGroups=[*], resources=[*], verbs=[create, update, patch, delete]}");
  }

  @Test
  void theChartCarriesExactlyTheRepositorysCrds() throws IOException {
    Path source = DeployChart.root().resolve("crds");
    Path chart = DeployChart.chart().resolve("crds");

    List<String> sourceFiles = yamlFiles(source);
    assertThat(yamlFiles(chart))
        .as("deploy/orrery/crds/ must hold the files of crds/ (cp crds/*.yaml deploy/orrery/crds/)")
        .isEqualTo(sourceFiles)
        .isNotEmpty();
    for (String file : sourceFiles) {
      assertThat(Files.readAllBytes(chart.resolve(file)))
          .as(file + " differs from crds/" + file)
          .isEqualTo(Files.readAllBytes(source.resolve(file)));
    }
  }

  static String application(List<GenericKubernetesResource> objects) {
    return String.valueOf(at(get(objects, "ConfigMap", FULLNAME), "data", "application.yml"));
  }

  static String rules(GenericKubernetesResource role) {
    return String.valueOf(role.getAdditionalProperties().get("rules"));
  }

  private static List<String> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
