package dev.orrery.app.rollout;

import static dev.orrery.app.rollout.RolloutFixtures.PROGRESSING;
import static dev.orrery.app.rollout.RolloutFixtures.REPLACED;
import static dev.orrery.app.rollout.RolloutFixtures.ROLLED_BACK;
import static dev.orrery.app.rollout.RolloutFixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.app.rollout.RolloutView.ClusterRollout;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutViewsTest {
  @Test
  void theCurrentRevisionIsTheNewestThatNothingReplaced() {
    List<RolloutView> views =
        RolloutViews.current(
            List.of(revision(REPLACED), revision(ROLLED_BACK), revision(PROGRESSING)));

    assertThat(views).extracting(RolloutView::bindingPolicy).containsExactly("api", "web");
    RolloutView web = views.get(1);
    assertThat(web.revision()).isEqualTo(2);
    assertThat(web.contentHash()).isEqualTo("bbbbbbbbbbbb");
    assertThat(web.sourceRevision()).isEqualTo("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    assertThat(web.rolloutPolicy()).isEqualTo("waves");
    assertThat(web.phase()).isEqualTo("Progressing");
    assertThat(web.waveText()).isEqualTo("2/3");
    assertThat(web.updatedText()).isEqualTo("2/4");
    assertThat(web.inFlight()).isTrue();
    assertThat(web.failed()).isFalse();
  }

  @Test
  void clustersCarryTheirWaveNameRevisionAndHealth() {
    RolloutView web = RolloutViews.of(revision(PROGRESSING));

    assertThat(web.clusters())
        .containsExactly(
            new ClusterRollout("cluster1", 1, "canary", "bbbbbbbbbbbb", "Healthy", ""),
            new ClusterRollout(
                "cluster2", 2, "edge", "bbbbbbbbbbbb", "Progressing", "no health reading yet"),
            new ClusterRollout("cluster3", 3, "core", "aaaaaaaaaaaa", "Unknown", ""),
            new ClusterRollout("cluster4", 3, "core", "aaaaaaaaaaaa", "Unknown", ""));
  }

  @Test
  void aRolledBackRevisionKeepsItsFailures() {
    RolloutView api = RolloutViews.of(revision(ROLLED_BACK));

    assertThat(api.failed()).isTrue();
    assertThat(api.inFlight()).isFalse();
    assertThat(api.failures())
        .containsExactly(
            new RolloutView.Failure(
                "cluster1", "not healthy within progressDeadline 30s: 0/1 replicas available"));
  }

  @Test
  void aRevisionWithoutStatusIsPending() {
    GenericKubernetesResource fresh =
        Serialization.unmarshal(
            """
            apiVersion: gitops.orrery.dev/v1alpha1
            kind: BindingRevision
            metadata: {name: web-eeeeeeeeeeee}
            spec: {binding: web, revision: 4, contentHash: eeeeeeeeeeee}
            """,
            GenericKubernetesResource.class);

    RolloutView view = RolloutViews.of(fresh);

    assertThat(view.phase()).isEqualTo("Pending");
    assertThat(view.waveText()).isEqualTo("-");
    assertThat(view.updatedText()).isEqualTo("0/0");
    assertThat(view.inFlight()).isTrue();
  }

  @Test
  void oneBindingPolicyIsFoundByName() {
    var all = List.of(revision(PROGRESSING), revision(ROLLED_BACK));

    assertThat(RolloutViews.currentOf("api", all)).map(RolloutView::revision).contains(3L);
    assertThat(RolloutViews.currentOf("nope", all)).isEmpty();
  }
}
