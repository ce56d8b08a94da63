package dev.orrery.spaces;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Nodes that kwok keeps Ready and whose Pods it runs, without kubelets or containers. */
final class FakeNodes {
  private FakeNodes() {}

  static Node node(String name) {
    Map<String, Quantity> resources =
        Map.of(
            "cpu",
            new Quantity("32"),
            "memory",
            new Quantity("256Gi"),
            "pods",
            new Quantity("110"));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToAnnotations("kwok.x-k8s.io/node", "fake")
        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels("type", "kwok")
        .endMetadata()
        .withNewStatus()
        .withAllocatable(resources)
        .withCapacity(resources)
        .endStatus()
        .build();
  }

  static boolean ready(Node node) {
    return node != null
        && node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
