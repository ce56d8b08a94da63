package dev.orrery.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orrery.app.cli.OrreryCli;
import dev.orrery.app.cli.status.StatusRows;
import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.placement.controller.Apis;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.Space;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Helm chart installed on real spaces the way {@code helm install} would (its crds/ first, then
 * its rendered templates, by server-side apply), then Orrery run as the chart's ServiceAccount to
 * show that the chart's RBAC is enough for what Orrery really does, and no more than intended. The
 * chart is installed into the WDS and, since by default both spaces are the cluster Orrery runs in,
 * into the ITS too. The Deployment's pod never runs: the spaces have no kubelet for the WDS and no
 * image to pull; Orrery runs in this JVM instead, with the ServiceAccount's tokens.
 *
 * <p>The chart is installed once for the class (and waited for, as {@code helm install --wait}
 * would); only the last test starts Orrery, so tests pass alone and in any order.
 */
@WithSpaces(
    wecs =
        @WithSpaces.Wec(
            name = "cluster1",
            labels = {"name=cluster1", "location-group=edge"}))
class HelmChartInstallIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static final String NS = DeployChart.NAMESPACE;
  static final String SA_USER = "system:serviceaccount:" + NS + ":orrery";
  static LocalSpaces spaces;
  static KubernetesClient wds;
  static KubernetesClient its;
  static List<CustomResourceDefinition> crds;
  static Path dir;
  static final List<EmbeddedServer> replicas = new java.util.ArrayList<>();

  @BeforeAll
  static void install(LocalSpaces s) throws IOException {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    dir = Path.of("target", "helm-chart-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    crds = chartCrds();
    List<GenericKubernetesResource> objects = DeployChart.render(Map.of());
    for (KubernetesClient space : List.of(wds, its)) {
      helmInstall(space, objects);
    }
    // What every test starts from, as after `helm install --wait`: the CRDs served and the chart's
    // RBAC in force.
    for (CustomResourceDefinition crd : crds) {
      await().atMost(WAIT).until(() -> established(crd.getMetadata().getName()));
    }
    await().atMost(WAIT).until(() -> wdsMay("list", "gitops.orrery.dev", "gitsources", null, null));
  }

  @AfterAll
  static void stop() {
    replicas.forEach(EmbeddedServer::close);
  }

  @Test
  void theChartsCrdsBecomeEstablishedInTheWds() {
    assertThat(crds).hasSize(8);
    for (CustomResourceDefinition crd : crds) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(established(crd.getMetadata().getName())).isTrue());
    }
  }

  @Test
  void theDeploymentServiceAndRbacExist() {
    Deployment deployment = wds.apps().deployments().inNamespace(NS).withName("orrery").get();
    assertThat(deployment).isNotNull();
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("orrery");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("serve");
    assertThat(wds.services().inNamespace(NS).withName("orrery").get()).isNotNull();
    assertThat(wds.configMaps().inNamespace(NS).withName("orrery").get().getData())
        .containsKey("application.yml");
    assertThat(wds.serviceAccounts().inNamespace(NS).withName("orrery").get()).isNotNull();
    for (String name : List.of("orrery-wds", "orrery-its")) {
      assertThat(wds.rbac().clusterRoles().withName(name).get()).as(name).isNotNull();
      assertThat(wds.rbac().clusterRoleBindings().withName(name).get().getSubjects())
          .singleElement()
          .satisfies(sub -> assertThat(sub.getName()).isEqualTo("orrery"));
    }
    assertThat(
            wds.rbac()
                .roleBindings()
                .inNamespace("customization-properties")
                .withName("orrery-its-properties")
                .get())
        .isNotNull();
  }

  @Test
  void theServiceAccountMayDoWhatOrreryDoesInTheWds() {
    assertThat(wdsMay("list", "gitops.orrery.dev", "gitsources", null, null)).isTrue();
    assertThat(wdsMay("update", "gitops.orrery.dev", "gitsources", "status", "default")).isTrue();
    assertThat(wdsMay("create", "control.kubestellar.io", "bindings", null, null)).isTrue();
    assertThat(wdsMay("update", "control.kubestellar.io", "bindingpolicies", "finalizers", null))
        .isTrue();
    assertThat(wdsMay("patch", "apiextensions.k8s.io", "customresourcedefinitions", null, null))
        .isTrue();
    assertThat(wdsMay("create", "", "events", null, "default")).isTrue();
    assertThat(wdsMay("get", "", "secrets", null, "default")).isTrue();
    assertThat(wdsMay("impersonate", "", "serviceaccounts", null, "default")).isTrue();
    assertThat(wdsMay("watch", "apps", "deployments", null, null)).isTrue();
    assertThat(wdsMay("update", "apps", "deployments", "status", "default")).isTrue();
    assertThat(wdsMay("update", "coordination.k8s.io", "leases", null, NS)).isTrue();
    assertThat(wdsMay("patch", "gitops.orrery.dev", "gitsources", null, "default")).isTrue();
  }

  @Test
  void theServiceAccountMayNotWriteWorkloadsOrRbacItself() {
    assertThat(wdsMay("create", "apps", "deployments", null, "default")).isFalse();
    assertThat(wdsMay("delete", "", "configmaps", null, "default")).isFalse();
    assertThat(wdsMay("update", "gitops.orrery.dev", "gitsources", null, "default")).isFalse();
    assertThat(wdsMay("delete", "apiextensions.k8s.io", "customresourcedefinitions", null, null))
        .isFalse();
    assertThat(wdsMay("create", "rbac.authorization.k8s.io", "clusterrolebindings", null, null))
        .isFalse();
    assertThat(wdsMay("create", "", "secrets", null, "default")).isFalse();
    assertThat(
            may(its, "delete", "cluster.open-cluster-management.io", "managedclusters", null, null))
        .isFalse();
  }

  @Test
  void orreryRunningAsTheServiceAccountPlacesWorkloadsAndReportsGitSources() throws IOException {
    Path wdsKubeconfig = serviceAccountKubeconfig(spaces.wds(), "wds");
    Path itsKubeconfig = serviceAccountKubeconfig(spaces.its(), "its");
    // Two replicas, as the chart's replicaCount: one leads placement, both share the GitSources.
    for (String replica : List.of("replica-1", "replica-2")) {
      replicas.add(
          ApplicationContext.run(
              EmbeddedServer.class,
              Map.of(
                  "micronaut.server.port", -1,
                  "orrery.wds-kubeconfig", wdsKubeconfig.toString(),
                  "orrery.its-kubeconfig", itsKubeconfig.toString(),
                  "orrery.git-cache-dir", dir.resolve("git-cache-" + replica).toString(),
                  "orrery.leader-election.identity", replica)));
    }
    apply(
        wds,
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: demo, labels: {app: demo}}
        """);
    apply(
        wds,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: demo, labels: {app: demo}}
        spec:
          replicas: 2
          selector: {matchLabels: {pod: web}}
          template:
            metadata: {labels: {pod: web}}
            spec: {containers: [{name: web, image: nginx:1.27}]}
        """);
    apply(
        wds,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: demo}
        spec:
          clusterSelectors: [{matchLabels: {name: cluster1}}]
          downsync:
          - objectSelectors: [{matchLabels: {app: demo}}]
            wantSingletonReportedState: true
        """);
    apply(
        wds,
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata: {name: unreachable, namespace: demo}
        spec:
          url: http://127.0.0.1:1/nothing.git
          ref: {branch: main}
          interval: 1m
        """);

    // Placement as the ServiceAccount: ManifestWork in the ITS, Deployment on the WEC, its status
    // back in the WDS.
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment placed =
                  spaces
                      .wec("cluster1")
                      .space()
                      .client()
                      .apps()
                      .deployments()
                      .inNamespace("demo")
                      .withName("web")
                      .get();
              assertThat(placed.getStatus().getAvailableReplicas()).isEqualTo(2);
            });
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Deployment back = wds.apps().deployments().inNamespace("demo").withName("web").get();
              assertThat(back.getMetadata().getLabels())
                  .containsEntry(Apis.SINGLETON_LABEL, "true");
              assertThat(back.getStatus().getAvailableReplicas()).isEqualTo(2);
            });
    // The GitSource controller as the ServiceAccount: the fetch failure lands in the source's
    // status.
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource source =
                  wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
                      .inNamespace("demo")
                      .withName("unreachable")
                      .get();
              assertThat(StatusRows.source(source).ready()).isEqualTo("False");
              assertThat(wds.v1().events().inNamespace("demo").list().getItems())
                  .anyMatch(e -> "unreachable".equals(e.getInvolvedObject().getName()));
            });
    // Argo CD's PlacementDecisions, published in the ITS as the ServiceAccount.
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        its.genericKubernetesResources(Apis.PLACEMENT_DECISIONS)
                            .inNamespace("orrery-system")
                            .list()
                            .getItems())
                    .isNotEmpty());

    // One leader Lease, held by one of them; each announced itself with its own Lease.
    assertThat(
            wds.leases()
                .inNamespace(NS)
                .withName("orrery-leader")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isIn("replica-1", "replica-2");
    assertThat(wds.leases().inNamespace(NS).list().getItems())
        .extracting(l -> l.getMetadata().getName())
        .contains("orrery-replica-replica-1", "orrery-replica-replica-2");

    // orrery status, as the same ServiceAccount, sees the running system.
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = OrreryCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              out.getBuffer().setLength(0);
              int code =
                  cli.execute(
                      "status",
                      "--wds-kubeconfig",
                      wdsKubeconfig.toString(),
                      "--its-kubeconfig",
                      itsKubeconfig.toString());
              assertThat(code).as(err.toString()).isZero();
              assertThat(out.toString())
                  .containsPattern("(?m)^demo/unreachable +False ")
                  .containsPattern("(?m)^demo +1 +2 +True$")
                  .containsPattern("(?m)^cluster1 +True +1 +location-group=edge,name=cluster1$")
                  .containsPattern("(?m)^cluster1 +demo-[0-9a-f]{8}-mw +2 +True +True +-$");
            });
  }

  /**
   * helm install: the chart's crds/ first, waiting until they are served, then the templates in
   * Helm's order.
   */
  private static void helmInstall(KubernetesClient space, List<GenericKubernetesResource> objects) {
    for (CustomResourceDefinition crd : crds) {
      space.resource(crd).fieldManager("helm").forceConflicts().serverSideApply();
    }
    space
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .fieldManager("helm")
        .serverSideApply();
    for (GenericKubernetesResource object : objects) {
      space.resource(object).fieldManager("helm").forceConflicts().serverSideApply();
    }
  }

  private static List<CustomResourceDefinition> chartCrds() throws IOException {
    try (Stream<Path> files = Files.list(DeployChart.chart().resolve("crds"))) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .sorted()
          .map(
              p -> {
                try {
                  return Serialization.unmarshal(
                      Files.readString(p), CustomResourceDefinition.class);
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              })
          .toList();
    }
  }

  private static boolean established(String name) {
    CustomResourceDefinition crd =
        wds.apiextensions().v1().customResourceDefinitions().withName(name).get();
    return crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean wdsMay(
      String verb, String group, String resource, String subresource, String namespace) {
    return may(wds, verb, group, resource, subresource, namespace);
  }

  /**
   * A SubjectAccessReview for the chart's ServiceAccount, answered by the space's RBAC authorizer.
   */
  private static boolean may(
      KubernetesClient space,
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace) {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(SA_USER)
            .withGroups(
                "system:serviceaccounts", "system:serviceaccounts:" + NS, "system:authenticated")
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withSubresource(subresource)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return space.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  /**
   * A kubeconfig for the space that authenticates with a fresh token of the chart's ServiceAccount.
   */
  private static Path serviceAccountKubeconfig(Space space, String name) throws IOException {
    String token =
        space
            .client()
            .serviceAccounts()
            .inNamespace(NS)
            .withName("orrery")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Matcher ca =
        Pattern.compile("certificate-authority-data: (\\S+)")
            .matcher(Files.readString(space.kubeconfig()));
    assertThat(ca.find()).as("CA in " + space.kubeconfig()).isTrue();
    return Files.writeString(
        Files.createDirectories(dir).resolve(name + "-orrery.kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster: {server: "%2$s", certificate-authority-data: %3$s}
        users:
        - name: orrery
          user: {token: %4$s}
        contexts:
        - name: %1$s
          context: {cluster: %1$s, user: orrery}
        current-context: %1$s
        """
            .formatted(name, space.server(), ca.group(1), token));
  }

  private static void apply(KubernetesClient client, String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }
}
