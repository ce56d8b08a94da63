package dev.orrery.placement.rollout;

import dev.orrery.placement.match.LabelSelector;

/**
 * A named set of clusters, as OCM Placement's {@code decisionStrategy.groupStrategy
 * .decisionGroups[]}: {@code groupName} and {@code groupClusterSelector.labelSelector}. A cluster
 * belongs to the first group whose selector it matches.
 */
public record DecisionGroup(String name, LabelSelector clusterSelector) {}
