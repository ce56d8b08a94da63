package dev.orrery.app.argocd;

import dev.orrery.placement.controller.ClusterDelivery;
import dev.orrery.placement.controller.InventoryCluster;
import dev.orrery.placement.controller.InventoryUnavailableException;
import dev.orrery.placement.controller.PolicyPlacement;
import dev.orrery.placement.status.PlacedRevision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The plugin generator's output parameters: one entry per selected cluster, sorted by name, with
 * string values so Argo CD's templates can use them directly — {@code name} (the ManagedCluster
 * name), {@code server} (its API URL: the configured annotation or label if the cluster has it,
 * else {@code spec.managedClusterClientConfigs[0].url}, else {@code ""}), {@code labels} (the
 * ManagedCluster labels as a map), {@code revision} (the Git revision of the newest object Orrery
 * placed there, else the policy's own {@value PlacedRevision#ANNOTATION} annotation, else {@code
 * ""}) and {@code state} ({@code Available}, {@code Progressing}, {@code Degraded} or {@code
 * Unknown}, from the ManifestWorks in its mailbox). It never answers with an empty list when it
 * cannot read the inventory: it fails.
 */
public final class ClusterParameters {

  private ClusterParameters() {}

  /**
   * The parameters for {@code input}.
   *
   * @param serverKey annotation or label that overrides the server URL, or null
   * @throws GeneratorRequestException 404 for an unknown policy, 422 for an invalid one that places
   *     nothing, 503 when the inventory cannot be read
   */
  public static List<Map<String, Object>> build(
      GeneratorInput input, PlacementReader reader, String serverKey) {
    try {
      if (input instanceof GeneratorInput.Policy p) {
        return forPolicy(p.policy(), reader, serverKey);
      }
      return forSelector((GeneratorInput.Selector) input, reader, serverKey);
    } catch (InventoryUnavailableException e) {
      throw new GeneratorRequestException(
          503,
          "cannot read Orrery's cluster inventory: "
              + e.getMessage()
              + "; failing rather than answering with no clusters");
    }
  }

  private static List<Map<String, Object>> forPolicy(
      String name, PlacementReader reader, String serverKey) {
    PolicyPlacement policy =
        reader
            .policyPlacement(name)
            .orElseThrow(
                () -> new GeneratorRequestException(404, "BindingPolicy " + name + " not found"));
    if (!policy.bound() && !policy.errors().isEmpty()) {
      throw new GeneratorRequestException(
          422,
          "BindingPolicy "
              + name
              + " is invalid and places nothing: "
              + String.join("; ", policy.errors()));
    }
    Map<String, InventoryCluster> inventory = new LinkedHashMap<>();
    reader.inventory().forEach(c -> inventory.put(c.name(), c));
    Optional<String> policyRevision =
        Optional.ofNullable(policy.annotations().get(PlacedRevision.ANNOTATION))
            .filter(r -> !r.isEmpty());
    List<Map<String, Object>> out = new ArrayList<>();
    for (String cluster : policy.clusters().stream().sorted().toList()) {
      InventoryCluster c = inventory.get(cluster);
      if (c != null) {
        out.add(entry(c, reader.delivery(cluster, name), policyRevision, serverKey));
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static List<Map<String, Object>> forSelector(
      GeneratorInput.Selector input, PlacementReader reader, String serverKey) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (InventoryCluster c : reader.inventory()) {
      if (input.selector().matches(c.labels())) {
        out.add(entry(c, reader.delivery(c.name(), null), Optional.empty(), serverKey));
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<String, Object> entry(
      InventoryCluster cluster,
      ClusterDelivery delivery,
      Optional<String> fallbackRevision,
      String serverKey) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", cluster.name());
    e.put("server", server(cluster, serverKey));
    e.put("labels", Collections.unmodifiableMap(new TreeMap<>(cluster.labels())));
    e.put("revision", delivery.revision().or(() -> fallbackRevision).orElse(""));
    e.put("state", delivery.state().apiName());
    return Collections.unmodifiableMap(e);
  }

  static String server(InventoryCluster cluster, String serverKey) {
    if (serverKey != null && !serverKey.isBlank()) {
      String fromAnnotation = cluster.annotations().get(serverKey);
      if (fromAnnotation != null && !fromAnnotation.isBlank()) {
        return fromAnnotation;
      }
      String fromLabel = cluster.labels().get(serverKey);
      if (fromLabel != null && !fromLabel.isBlank()) {
        return fromLabel;
      }
    }
    return cluster.apiServerUrl().orElse("");
  }
}
