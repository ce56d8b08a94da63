package dev.orrery.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.controller.CrdInstaller;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code orrery rollout} on a real WDS: BindingRevisions with the status Orrery writes are shown by
 * {@code status} (and in {@code orrery status}), and {@code pause|resume|promote|abort} set the
 * annotations on the real BindingPolicy.
 */
@WithSpaces
class RolloutCommandIT {
  static LocalSpaces spaces;

  @BeforeAll
  static void createObjects(LocalSpaces s) {
    spaces = s;
    KubernetesClient wds = s.wds().client();
    CrdInstaller.install(
        wds,
        List.of(
            "gitops.orrery.dev_gitsources.yaml",
            "control.kubestellar.io_bindingpolicies.yaml",
            "gitops.orrery.dev_rolloutpolicies.yaml",
            "gitops.orrery.dev_bindingrevisions.yaml"));
    // a freshly installed CRD's storage may answer 429 for a moment
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                wds.genericKubernetesResources(Apis.ROLLOUT_POLICIES).list() != null
                    && wds.genericKubernetesResources(Apis.BINDING_REVISIONS).list() != null
                    && wds.genericKubernetesResources(
                                dev.orrery.app.gitsource.GitSourceController.GIT_SOURCES)
                            .inAnyNamespace()
                            .list()
                        != null);
    create(
        wds,
        Apis.BINDING_POLICIES,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: web, labels: {rollout: waves}}
        spec:
          clusterSelectors: [{matchLabels: {app: web}}]
          downsync: [{objectSelectors: [{matchLabels: {app: web}}]}]
        """);
    create(
        wds,
        Apis.BINDING_POLICIES,
        """
        apiVersion: control.kubestellar.io/v1alpha1
        kind: BindingPolicy
        metadata: {name: ungoverned}
        spec:
          clusterSelectors: [{matchLabels: {app: web}}]
          downsync: [{objectSelectors: [{matchLabels: {app: other}}]}]
        """);
    create(
        wds,
        Apis.ROLLOUT_POLICIES,
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: RolloutPolicy
        metadata: {name: waves}
        spec:
          bindingPolicies: {selector: {matchLabels: {rollout: waves}}}
          decisionGroups:
          - groupName: canary
            groupClusterSelector: {labelSelector: {matchLabels: {rollout-group: canary}}}
          rolloutStrategy:
            type: ProgressivePerGroup
            progressivePerGroup:
              mandatoryDecisionGroups: [{groupName: canary}]
        """);
    withStatus(
        wds,
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: BindingRevision
        metadata: {name: web-aaaaaaaaaaaa}
        spec: {binding: web, revision: 1, contentHash: aaaaaaaaaaaa, sourceRevision: "", objects: []}
        """,
        Map.of("phase", "Succeeded", "replacedBy", "bbbbbbbbbbbb"));
    withStatus(
        wds,
        """
        apiVersion: gitops.orrery.dev/v1alpha1
        kind: BindingRevision
        metadata: {name: web-bbbbbbbbbbbb}
        spec:
          binding: web
          revision: 2
          contentHash: bbbbbbbbbbbb
          sourceRevision: 4b825dc642cb6eb9a060e54bf8d69288fbee4904
          objects: []
        """,
        Map.of(
            "rolloutPolicy",
            "waves",
            "phase",
            "Progressing",
            "currentWave",
            2,
            "waveCount",
            2,
            "updatedClusters",
            2,
            "totalClusters",
            2,
            "message",
            "wave 2 of 2: waiting for 1 cluster(s)",
            "waves",
            List.of(
                Map.of("name", "canary", "clusters", List.of("cluster1")),
                Map.of("name", "default", "clusters", List.of("cluster2"))),
            "clusters",
            List.of(
                Map.of(
                    "name", "cluster1", "wave", 1, "revision", "bbbbbbbbbbbb", "health", "Healthy"),
                Map.of(
                    "name",
                    "cluster2",
                    "wave",
                    2,
                    "revision",
                    "bbbbbbbbbbbb",
                    "health",
                    "Progressing",
                    "reason",
                    "no health reading yet"))));
  }

  @Test
  void statusShowsTheCurrentRevisionAndEveryCluster() {
    CliRun run = CliRun.of("rollout", "status", "--wds-kubeconfig", wds());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern(
            "(?m)^web +2 \\(bbbbbbbbbbbb\\) +4b825dc642cb +Progressing +2/2 +2/2 +wave 2 of 2: waiting")
        .containsPattern("(?m)^web +cluster1 +1 \\(canary\\) +bbbbbbbbbbbb +Healthy +-$")
        .containsPattern(
            "(?m)^web +cluster2 +2 \\(default\\) +bbbbbbbbbbbb +Progressing +no health reading yet$")
        .doesNotContain("aaaaaaaaaaaa");
  }

  @Test
  void statusAsJsonAndForOnePolicy() throws Exception {
    CliRun run = CliRun.of("rollout", "status", "web", "-o", "json", "--wds-kubeconfig", wds());

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.at("/rollouts/0/bindingPolicy").asText()).isEqualTo("web");
    assertThat(json.at("/rollouts/0/phase").asText()).isEqualTo("Progressing");
    assertThat(json.at("/rollouts/0/clusters/1/health").asText()).isEqualTo("Progressing");

    CliRun none = CliRun.of("rollout", "status", "ungoverned", "--wds-kubeconfig", wds());
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("no rollout for BindingPolicy ungoverned");
  }

  @Test
  void orreryStatusHasTheRolloutSections() {
    // a freshly installed CRD's storage may answer 429 for a moment
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              CliRun run =
                  CliRun.of(
                      "status",
                      "--wds-kubeconfig",
                      wds(),
                      "--its-kubeconfig",
                      spaces.its().kubeconfig().toString());

              assertThat(run.code()).as(run.err()).isZero();
              assertThat(run.out())
                  .containsPattern("(?m)^web +2 \\(bbbbbbbbbbbb\\) +4b825dc642cb +Progressing")
                  .containsPattern("(?m)^web +cluster2 +2 \\(default\\)");
            });
  }

  @Test
  void pauseResumePromoteAndAbortSetTheAnnotations() {
    CliRun pause = CliRun.of("rollout", "pause", "web", "--wds-kubeconfig", wds());
    assertThat(pause.code()).as(pause.err()).isZero();
    assertThat(pause.out())
        .isEqualTo("bindingpolicy/web paused (rollout.orrery.dev/paused=true)\n");
    assertThat(pause.err()).isEmpty();
    assertThat(annotations("web")).containsEntry("rollout.orrery.dev/paused", "true");

    CliRun resume = CliRun.of("rollout", "resume", "web", "--wds-kubeconfig", wds());
    assertThat(resume.code()).as(resume.err()).isZero();
    assertThat(annotations("web")).doesNotContainKey("rollout.orrery.dev/paused");

    Instant before = Instant.now().minusSeconds(1);
    CliRun promote = CliRun.of("rollout", "promote", "web", "--wds-kubeconfig", wds());
    assertThat(promote.code()).as(promote.err()).isZero();
    String first = annotations("web").get("rollout.orrery.dev/promote");
    assertThat(Instant.parse(first)).isAfter(before);
    CliRun again = CliRun.of("rollout", "promote", "web", "--wds-kubeconfig", wds());
    assertThat(again.code()).isZero();
    assertThat(annotations("web").get("rollout.orrery.dev/promote")).isNotEqualTo(first);

    CliRun abort = CliRun.of("rollout", "abort", "web", "--wds-kubeconfig", wds());
    assertThat(abort.code()).as(abort.err()).isZero();
    assertThat(annotations("web")).containsKey("rollout.orrery.dev/abort");
  }

  @Test
  void steeringAnUngovernedPolicyWarnsAndAMissingOneFails() {
    CliRun ungoverned = CliRun.of("rollout", "pause", "ungoverned", "--wds-kubeconfig", wds());
    assertThat(ungoverned.code()).isZero();
    assertThat(ungoverned.err())
        .contains("warning: no valid RolloutPolicy governs BindingPolicy ungoverned");

    CliRun missing = CliRun.of("rollout", "abort", "nope", "--wds-kubeconfig", wds());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err())
        .isEqualTo("orrery rollout abort: no BindingPolicy named nope in the WDS\n");
  }

  private static Map<String, String> annotations(String policy) {
    Map<String, String> a =
        spaces
            .wds()
            .client()
            .genericKubernetesResources(Apis.BINDING_POLICIES)
            .withName(policy)
            .get()
            .getMetadata()
            .getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static void create(KubernetesClient wds, ResourceDefinitionContext type, String yaml) {
    wds.genericKubernetesResources(type)
        .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
        .create();
  }

  private static void withStatus(KubernetesClient wds, String yaml, Map<String, Object> status) {
    var revisions = wds.genericKubernetesResources(Apis.BINDING_REVISIONS);
    GenericKubernetesResource created =
        revisions.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
    created.setAdditionalProperty("status", status);
    revisions.resource(created).updateStatus();
  }

  private static String wds() {
    return spaces.wds().kubeconfig().toString();
  }
}
