package dev.orrery.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.controller.CrdInstaller;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code orrery status} on real spaces: a GitSource and a BindingPolicy with status in the WDS, and
 * a ManifestWork that the real OCM work agent of cluster1 applies; clusters available by OCM
 * registration, and one shown unavailable while its registration agent is stopped; then an
 * unreachable ITS and an ITS that is no OCM hub.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"name=cluster1", "location-group=edge"}),
      @WithSpaces.Wec(
          name = "cluster2",
          labels = {"name=cluster2", "location-group=core"})
    })
class StatusCommandIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static LocalSpaces spaces;

  @BeforeAll
  static void createObjects(LocalSpaces s) {
    spaces = s;
    KubernetesClient wds = s.wds().client();
    CrdInstaller.install(
        wds,
        List.of(
            "gitops.orrery.dev_gitsources.yaml", "control.kubestellar.io_bindingpolicies.yaml"));
    withStatus(
        wds,
        GitSourceController.GIT_SOURCES,
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: GitSource
        metadata: {name: fleet, namespace: default}
        spec: {url: "https://git.example.com/fleet.git", ref: {branch: main}}
        """,
        Map.of(
            "lastAppliedRevision",
            "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "True",
                    "reason",
                    "Applied",
                    "message",
                    "applied revision 4b825dc642cb: 1 changed",
                    "lastTransitionTime",
                    "2026-01-01T00:00:00Z"))));
    withStatus(
        wds,
        Apis.BINDING_POLICIES,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: settings-edge}
        spec:
          clusterSelectors: [{matchLabels: {location-group: edge}}]
          downsync: [{objectSelectors: [{matchLabels: {app: settings}}]}]
        """,
        Map.of(
            "selectedClusterCount",
            1,
            "selectedObjectCount",
            1,
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "True",
                    "reason",
                    "Placed",
                    "lastTransitionTime",
                    "2026-01-01T00:00:00Z"))));
    s.its()
        .client()
        .resource(
            Serialization.unmarshal(
                """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: settings-edge-mw, namespace: cluster1}
        spec:
          workload:
            manifests:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings, namespace: default}
              data: {greeting: hello}
        """,
                GenericKubernetesResource.class))
        .create();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .until(
            () ->
                s.wec("cluster1")
                        .space()
                        .client()
                        .configMaps()
                        .inNamespace("default")
                        .withName("settings")
                        .get()
                    != null);
  }

  @Test
  void theTableShowsSourcesPoliciesClustersAndTheWorkAgentsVerdict() {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Run run = status("--wds-kubeconfig", wds(), "--its-kubeconfig", its());
              assertThat(run.code).as(run.err).isZero();
              assertThat(run.out)
                  .contains(
                      "default/fleet            True    4b825dc642cb   applied revision 4b825dc642cb: 1 changed")
                  .containsPattern("(?m)^settings-edge +1 +1 +True$")
                  .containsPattern("(?m)^cluster1 +True +1 +location-group=edge,name=cluster1$")
                  .containsPattern("(?m)^cluster2 +True +0 +location-group=core,name=cluster2$")
                  .containsPattern("(?m)^cluster1 +settings-edge-mw +1 +True +True +-$");
            });
  }

  @Test
  void aClusterWhoseRegistrationAgentStopsShowsAsUnavailableUntilItIsBack() {
    spaces.stopRegistrationAgent("cluster2");
    try {
      // OCM's hub marks it Unknown once 5 lease durations pass without a renewal.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Run run = status("--wds-kubeconfig", wds(), "--its-kubeconfig", its());
                assertThat(run.code).as(run.err).isZero();
                assertThat(run.out)
                    .containsPattern(
                        "(?m)^cluster2 +Unknown +0 +location-group=core,name=cluster2$")
                    .containsPattern("(?m)^cluster1 +True +1 ");
              });
    } finally {
      spaces.startRegistrationAgent("cluster2");
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(status("--wds-kubeconfig", wds(), "--its-kubeconfig", its()).out)
                    .containsPattern("(?m)^cluster2 +True +0 "));
  }

  @Test
  void theJsonCarriesTheSameWithFullRevisions() throws Exception {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Run run =
                  status("--wds-kubeconfig", wds(), "--its-kubeconfig", its(), "--output", "json");
              assertThat(run.code).as(run.err).isZero();
              JsonNode json = new ObjectMapper().readTree(run.out);
              assertThat(json.at("/sources/0/revision").asText())
                  .isEqualTo("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
              assertThat(json.at("/policies/0/name").asText()).isEqualTo("settings-edge");
              assertThat(json.at("/clusters/0/name").asText()).isEqualTo("cluster1");
              assertThat(json.at("/clusters/0/works/0/available").asText()).isEqualTo("True");
              assertThat(json.at("/clusters/1/works").size()).isZero();
            });
  }

  @Test
  void anUnreachableItsFailsWithExitOneAfterTheWdsWasRead() throws IOException {
    Path its =
        Files.writeString(
            Files.createTempFile("its", ".kubeconfig"),
            Files.readString(spaces.its().kubeconfig())
                .replace(spaces.its().server().toString(), "https://127.0.0.1:" + closedPort()));

    Run run =
        status("--wds-kubeconfig", wds(), "--its-kubeconfig", its.toString(), "--timeout", "2");

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).startsWith("orrery status: cannot reach the ITS at https://127.0.0.1:");
    assertThat(run.out).isEmpty();
  }

  @Test
  void anItsWithoutOcmIsNamedAsSuch() {
    Run run = status("--wds-kubeconfig", wds(), "--its-kubeconfig", wds());

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err)
        .contains("orrery status: the ITS at " + spaces.wds().server())
        .contains(
            "does not serve managedclusters.cluster.open-cluster-management.io (is it an OCM hub?)");
  }

  private static void withStatus(
      KubernetesClient client,
      ResourceDefinitionContext type,
      String yaml,
      Map<String, Object> status) {
    GenericKubernetesResource object =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    var resources = client.genericKubernetesResources(type);
    var created =
        (type.isNamespaceScoped()
                ? resources.inNamespace(object.getMetadata().getNamespace())
                : resources)
            .resource(object)
            .create();
    created.setAdditionalProperty("status", status);
    (type.isNamespaceScoped()
            ? resources.inNamespace(object.getMetadata().getNamespace())
            : resources)
        .resource(created)
        .updateStatus();
  }

  private static String wds() {
    return spaces.wds().kubeconfig().toString();
  }

  private static String its() {
    return spaces.its().kubeconfig().toString();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Run status(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = OrreryCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "status";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cli.execute(all);
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int code, String out, String err) {}
}
