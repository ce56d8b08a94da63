package dev.orrery.app.cli.status;

import dev.orrery.app.gitsource.Revisions;
import dev.orrery.app.rollout.RolloutTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text tables of {@code orrery status} and {@code orrery demo}: GitSources, BindingPolicies,
 * clusters and, per cluster, its ManifestWorks. Sections are separated by an empty line.
 */
public final class StatusTable {
  private StatusTable() {}

  /**
   * Every section of a system's status; the rollout sections only when a RolloutPolicy governs a
   * BindingPolicy.
   */
  public static String render(SystemStatus status) {
    return sources(status.sources())
        + "\n"
        + policies(status.policies())
        + "\n"
        + clusters(status.clusters())
        + "\n"
        + works(status.clusters())
        + (status.rollouts().isEmpty() ? "" : "\n" + RolloutTable.render(status.rollouts()));
  }

  /**
   * GitSources: readiness, the revision applied (12 characters) and the Ready condition's message.
   */
  public static String sources(List<SourceState> sources) {
    TextTable table =
        new TextTable(List.of("GITSOURCE", "READY", "REVISION", "MESSAGE"), 24, 7, 14);
    for (SourceState s : sources) {
      table.row(s.key(), s.ready(), Revisions.shortForm(s.revision()), s.message());
    }
    return table.render();
  }

  /** BindingPolicies: how many clusters and objects each selects, and whether it is Ready. */
  public static String policies(List<PolicyState> policies) {
    TextTable table =
        new TextTable(List.of("BINDINGPOLICY", "CLUSTERS", "OBJECTS", "READY"), 24, 9, 8);
    for (PolicyState p : policies) {
      table.row(p.name(), p.clusters(), p.objects(), p.ready());
    }
    return table.render();
  }

  /** ManagedClusters: availability, how many ManifestWorks they hold, and their labels. */
  public static String clusters(List<ClusterState> clusters) {
    TextTable table = new TextTable(List.of("CLUSTER", "AVAILABLE", "WORKS", "LABELS"), 10, 9, 5);
    for (ClusterState c : clusters) {
      table.row(c.name(), c.available(), c.works().size(), labels(c.labels()));
    }
    return table.render();
  }

  /** Per cluster, each ManifestWork with the work agent's Applied and Available verdicts. */
  public static String works(List<ClusterState> clusters) {
    TextTable table =
        new TextTable(
            List.of("CLUSTER", "MANIFESTWORK", "OBJECTS", "APPLIED", "AVAILABLE", "MESSAGE"),
            10,
            30,
            7,
            7,
            9);
    for (ClusterState c : clusters) {
      for (WorkState w : c.works()) {
        table.row(c.name(), w.name(), w.objects(), w.applied(), w.available(), w.message());
      }
    }
    return table.render();
  }

  private static String labels(Map<String, String> labels) {
    return labels.isEmpty()
        ? null
        : labels.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }
}
