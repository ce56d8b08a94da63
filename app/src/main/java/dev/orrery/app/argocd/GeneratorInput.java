package dev.orrery.app.argocd;

import dev.orrery.placement.match.LabelSelector;
import java.util.Objects;

/**
 * What an ApplicationSet asks the plugin generator for: the clusters of a BindingPolicy, or those a
 * label selector matches.
 */
public sealed interface GeneratorInput {

  /**
   * The clusters a BindingPolicy places on ({@code bindingPolicy: <name>}).
   *
   * @param policy the BindingPolicy name
   */
  record Policy(String policy) implements GeneratorInput {
    /** Rejects null. */
    public Policy {
      Objects.requireNonNull(policy, "policy");
    }
  }

  /**
   * The ManagedClusters whose labels a selector matches ({@code clusterSelector} or {@code
   * labelSelector}).
   *
   * @param selector the label selector
   */
  record Selector(LabelSelector selector) implements GeneratorInput {
    /** Rejects null. */
    public Selector {
      Objects.requireNonNull(selector, "selector");
    }
  }
}
