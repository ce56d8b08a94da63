package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * How fast BindingPolicy deletes and re-creations reach real WECs (not part of the test suite; run
 * with {@code mvn -pl placement -am verify -Dit.test=PolicyChurnBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dchurn.rounds=10]}). Two WECs with OCM work agents; per
 * round: (1) delete the policy → the Deployment gone from both WECs; (2) create it again → the
 * Deployment on both WECs; (3) delete and at once re-create it (a revert) → the Deployment on both
 * WECs, not terminating, under the new policy's Binding, with the ManifestWorks of the deleted one
 * gone from the ITS. Prints p50 and max of each, and whether the revert re-created the WEC
 * Deployment (its UID changed). Figures go to target/benchmarks/policy-churn.txt.
 */
@WithSpaces(
    wecs = {
      @WithSpaces.Wec(
          name = "cluster1",
          labels = {"location-group=edge", "name=cluster1"}),
      @WithSpaces.Wec(
          name = "cluster2",
          labels = {"location-group=edge", "name=cluster2"})
    })
class PolicyChurnBenchmark {
  static final List<String> WECS = List.of("cluster1", "cluster2");
  static final String POLICY =
      """
      apiVersion: control.kubestellar.io/v1alpha1
      kind: BindingPolicy
      metadata: {name: nginx}
      spec:
        clusterSelectors:
        - matchLabels: {location-group: edge}
        downsync:
        - objectSelectors:
          - matchLabels: {app.kubernetes.io/name: nginx}
      """;

  private LocalSpaces spaces;
  private KubernetesClient wds;
  private KubernetesClient its;

  @Test
  void deleteAndRecreate(LocalSpaces s) throws Exception {
    spaces = s;
    wds = s.wds().client();
    its = s.its().client();
    int rounds = Integer.getInteger("churn.rounds", 10);
    apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: nginx, labels: {app.kubernetes.io/name: nginx}}
        """);
    apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: nginx, namespace: nginx, labels: {app.kubernetes.io/name: nginx}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: nginx}}
          template:
            metadata: {labels: {app: nginx}}
            spec: {containers: [{name: nginx, image: nginx:1.27}]}
        """);
    List<Double> deletes = new ArrayList<>();
    List<Double> creates = new ArrayList<>();
    List<Double> reverts = new ArrayList<>();
    int recreatedOnWec = 0;
    try (PlacementService placement =
        new PlacementService(wds, its, PlacementService.Settings.defaults("wds1"))) {
      placement.start();
      apply(POLICY);
      waitFor("first placement", Duration.ofMinutes(3), this::onEveryWec);
      for (int round = 0; round < rounds; round++) {
        long t = System.nanoTime();
        wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("nginx").delete();
        waitFor("delete", Duration.ofMinutes(3), this::goneFromEveryWec);
        deletes.add(seconds(t));
        waitFor("old Binding gone", Duration.ofMinutes(3), () -> bindingUid() == null);

        t = System.nanoTime();
        apply(POLICY);
        waitFor("create", Duration.ofMinutes(3), this::onEveryWec);
        creates.add(seconds(t));

        List<String> uidsBefore = wecUids();
        t = System.nanoTime();
        wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("nginx").delete();
        apply(POLICY);
        waitFor("revert", Duration.ofMinutes(3), () -> settledUnderNewPolicy() && onEveryWec());
        reverts.add(seconds(t));
        if (!wecUids().equals(uidsBefore)) {
          recreatedOnWec++;
        }
      }
    }
    String report =
        String.format(
            Locale.ROOT,
            """
        policy churn on 2 WECs with OCM work agents, %d rounds (seconds)
        delete policy -> Deployment gone from both WECs:          p50 %.2f  max %.2f
        create policy -> Deployment on both WECs:                 p50 %.2f  max %.2f
        delete + re-create at once -> back on both WECs, settled: p50 %.2f  max %.2f
        rounds in which the revert deleted and re-created the WEC Deployment: %d of %d
        """,
            rounds,
            p50(deletes),
            max(deletes),
            p50(creates),
            max(creates),
            p50(reverts),
            max(reverts),
            recreatedOnWec,
            rounds);
    System.out.println(report);
    Path out = Path.of("target", "benchmarks", "policy-churn.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    assertThat(reverts).hasSize(rounds);
  }

  private boolean onEveryWec() {
    return WECS.stream()
        .allMatch(
            c -> {
              Deployment d = deploymentOn(c);
              return d != null && d.getMetadata().getDeletionTimestamp() == null;
            });
  }

  private boolean goneFromEveryWec() {
    return WECS.stream().allMatch(c -> deploymentOn(c) == null);
  }

  private List<String> wecUids() {
    return WECS.stream()
        .map(
            c -> {
              Deployment d = deploymentOn(c);
              return d == null ? "" : d.getMetadata().getUid();
            })
        .toList();
  }

  private Deployment deploymentOn(String cluster) {
    return spaces
        .wec(cluster)
        .space()
        .client()
        .apps()
        .deployments()
        .inNamespace("nginx")
        .withName("nginx")
        .get();
  }

  private String bindingUid() {
    GenericKubernetesResource b =
        wds.genericKubernetesResources(Apis.BINDINGS).withName("nginx").get();
    return b == null || b.getMetadata().getDeletionTimestamp() != null
        ? null
        : b.getMetadata().getUid();
  }

  /**
   * Whether the policy's Binding belongs to the policy now in the WDS (the re-created one) and
   * every ManifestWork of Binding "nginx" in the ITS is live: one per WEC, none of them
   * terminating.
   */
  private boolean settledUnderNewPolicy() {
    GenericKubernetesResource policy =
        wds.genericKubernetesResources(Apis.BINDING_POLICIES).withName("nginx").get();
    GenericKubernetesResource binding =
        wds.genericKubernetesResources(Apis.BINDINGS).withName("nginx").get();
    if (policy == null
        || binding == null
        || binding.getMetadata().getDeletionTimestamp() != null
        || binding.getMetadata().getOwnerReferences().stream()
            .noneMatch(o -> o.getUid().equals(policy.getMetadata().getUid()))) {
      return false;
    }
    List<GenericKubernetesResource> works =
        its.genericKubernetesResources(Apis.MANIFEST_WORKS)
            .inAnyNamespace()
            .withLabel(Apis.BINDING_KEY_LABEL, "nginx")
            .list()
            .getItems();
    return works.size() == WECS.size()
        && works.stream().allMatch(w -> w.getMetadata().getDeletionTimestamp() == null);
  }

  private void apply(String yaml) {
    HasMetadata object = Serialization.unmarshal(yaml);
    wds.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
  }

  private static void waitFor(String what, Duration limit, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        if (done.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException transientFailure) {
        // e.g. a WEC API server busy: look again
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double p50(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static double max(List<Double> values) {
    return Collections.max(values);
  }
}
