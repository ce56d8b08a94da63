package dev.orrery.placement.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.placement.match.ObjectKey;
import org.junit.jupiter.api.Test;

class CombinedStatusNamesTest {

  @Test
  void nameJoinsTheObjectAndPolicyUids() {
    assertThat(
            CombinedStatusNames.name(
                "0b7c9f4e-1d2a-4c7e-9a55-3a9e1c2b7d10", "5f0c2e11-8b3d-4a6f-b1c2-77d9e0a4c3b2"))
        .isEqualTo("0b7c9f4e-1d2a-4c7e-9a55-3a9e1c2b7d10.5f0c2e11-8b3d-4a6f-b1c2-77d9e0a4c3b2");
    assertThatThrownBy(() -> CombinedStatusNames.name("", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namespacedObjectsReportInTheirNamespace() {
    assertThat(CombinedStatusNames.namespace(new ObjectKey("apps", "deployments", "prod", "web")))
        .isEqualTo("prod");
  }

  @Test
  void clusterScopedObjectsReportInKubestellarReport() {
    assertThat(CombinedStatusNames.namespace(new ObjectKey("", "namespaces", "", "prod")))
        .isEqualTo("kubestellar-report");
  }

  @Test
  void labelsIdentifyTheObjectAndThePolicy() {
    assertThat(
            CombinedStatusNames.labels(
                new ObjectKey("apps", "deployments", "prod", "web"), "nginx-policy"))
        .containsExactly(
            entry("status.kubestellar.io/api-group", "apps"),
            entry("status.kubestellar.io/resource", "deployments"),
            entry("status.kubestellar.io/namespace", "prod"),
            entry("status.kubestellar.io/name", "web"),
            entry("status.kubestellar.io/binding-policy", "nginx-policy"));
  }

  @Test
  void labelValuesAreMadeLabelSafe() {
    String longName = "a".repeat(70);

    var labels =
        CombinedStatusNames.labels(
            new ObjectKey("", "clusterroles", "", "system:controller:" + longName), longName);

    assertThat(labels.get("status.kubestellar.io/api-group")).isEmpty();
    assertThat(labels.get("status.kubestellar.io/namespace")).isEmpty();
    assertThat(labels.values())
        .allSatisfy(
            v ->
                assertThat(v)
                    .hasSizeLessThanOrEqualTo(63)
                    .matches("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?"));
    assertThat(labels.get("status.kubestellar.io/name"))
        .startsWith("system-controller-aaa")
        .isNotEqualTo(labels.get("status.kubestellar.io/binding-policy"));
  }

  private static java.util.Map.Entry<String, String> entry(String key, String value) {
    return java.util.Map.entry(key, value);
  }
}
