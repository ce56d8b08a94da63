package dev.orrery.app.rollout;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;

/** BindingRevisions as Orrery writes them, for the rollout views' tests. */
final class RolloutFixtures {
  private RolloutFixtures() {}

  /** Revision 2 of {@code web}, in wave 2 of 3 with 2 of 4 clusters updated. */
  static final String PROGRESSING =
      """
      apiVersion: gitops.orrery.dev/v1alpha1
      kind: BindingRevision
      metadata: {name: web-bbbbbbbbbbbb}
      spec: {binding: web, revision: 2, contentHash: bbbbbbbbbbbb,
             sourceRevision: 4b825dc642cb6eb9a060e54bf8d69288fbee4904}
      status:
        rolloutPolicy: waves
        phase: Progressing
        currentWave: 2
        waveCount: 3
        updatedClusters: 2
        totalClusters: 4
        message: "wave 2 of 3: waiting for 1 cluster(s) (cluster2: no health reading yet)"
        waves:
        - {name: canary, clusters: [cluster1]}
        - {name: edge, clusters: [cluster2]}
        - {name: core, clusters: [cluster3, cluster4]}
        clusters:
        - {name: cluster1, wave: 1, revision: bbbbbbbbbbbb, health: Healthy}
        - {name: cluster2, wave: 2, revision: bbbbbbbbbbbb, health: Progressing,
           reason: no health reading yet}
        - {name: cluster3, wave: 3, revision: aaaaaaaaaaaa, health: Unknown}
        - {name: cluster4, wave: 3, revision: aaaaaaaaaaaa, health: Unknown}
        failures: []
      """;

  /** Revision 1 of {@code web}, replaced by revision 2. */
  static final String REPLACED =
      """
      apiVersion: gitops.orrery.dev/v1alpha1
      kind: BindingRevision
      metadata: {name: web-aaaaaaaaaaaa}
      spec: {binding: web, revision: 1, contentHash: aaaaaaaaaaaa, sourceRevision: ""}
      status: {phase: Succeeded, replacedBy: bbbbbbbbbbbb, currentWave: 3, waveCount: 3}
      """;

  /** Revision 3 of {@code api}, rolled back after cluster1 failed. */
  static final String ROLLED_BACK =
      """
      apiVersion: gitops.orrery.dev/v1alpha1
      kind: BindingRevision
      metadata: {name: api-cccccccccccc}
      spec: {binding: api, revision: 3, contentHash: cccccccccccc,
             sourceRevision: 9f1e2d3c4b5a69788796a5b4c3d2e1f001122334}
      status:
        rolloutPolicy: waves
        phase: RolledBack
        currentWave: 1
        waveCount: 2
        updatedClusters: 0
        totalClusters: 2
        message: "wave 1 failed; rolled back to revision dddddddddddd from cccccccccccc: cluster1: not healthy within progressDeadline 30s: 0/1 replicas available"
        clusters:
        - {name: cluster1, wave: 1, revision: dddddddddddd, health: Failed, reason: 0/1 replicas available}
        - {name: cluster2, wave: 2, revision: dddddddddddd, health: Unknown}
        failures:
        - {cluster: cluster1, reason: "not healthy within progressDeadline 30s: 0/1 replicas available"}
      """;

  static GenericKubernetesResource revision(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }
}
