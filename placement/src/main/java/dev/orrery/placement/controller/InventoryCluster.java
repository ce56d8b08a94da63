package dev.orrery.placement.controller;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One ManagedCluster as the ITS inventory cache holds it.
 *
 * @param name the cluster name (ManagedCluster name = mailbox namespace)
 * @param labels its labels (placement attributes)
 * @param annotations its annotations
 * @param apiServerUrl {@code spec.managedClusterClientConfigs[0].url}, when set
 * @param unavailable why OCM reports the cluster unavailable ({@code
 *     ManagedClusterConditionAvailable} not {@code True}); empty when it is available or does not
 *     report
 */
public record InventoryCluster(
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    Optional<String> apiServerUrl,
    Optional<String> unavailable) {

  /** An available (or not reporting) cluster. */
  public InventoryCluster(
      String name,
      Map<String, String> labels,
      Map<String, String> annotations,
      Optional<String> apiServerUrl) {
    this(name, labels, annotations, apiServerUrl, Optional.empty());
  }

  /** Copies the maps. */
  public InventoryCluster {
    Objects.requireNonNull(name, "name");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    apiServerUrl = apiServerUrl == null ? Optional.empty() : apiServerUrl;
    unavailable = unavailable == null ? Optional.empty() : unavailable;
  }
}
