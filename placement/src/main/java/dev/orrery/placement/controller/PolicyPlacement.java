package dev.orrery.placement.controller;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What placement holds for one BindingPolicy: the clusters of its Binding (what Orrery placed,
 * including removals the deletion guard holds) or, before the Binding is written, the clusters its
 * selectors match now.
 *
 * @param name the policy name
 * @param annotations the policy's annotations
 * @param clusters the selected cluster names, sorted
 * @param errors validation errors of the policy's spec; when not empty and there is no Binding yet,
 *     {@code clusters} is empty
 * @param bound whether {@code clusters} come from the Binding
 */
public record PolicyPlacement(
    String name,
    Map<String, String> annotations,
    List<String> clusters,
    List<String> errors,
    boolean bound) {

  /** Copies the collections. */
  public PolicyPlacement {
    Objects.requireNonNull(name, "name");
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    clusters = List.copyOf(clusters);
    errors = List.copyOf(errors);
  }
}
