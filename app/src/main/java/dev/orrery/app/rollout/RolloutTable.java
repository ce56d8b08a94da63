package dev.orrery.app.rollout;

import dev.orrery.app.cli.status.TextTable;
import dev.orrery.app.gitsource.Revisions;
import dev.orrery.app.rollout.RolloutView.ClusterRollout;
import java.util.List;

/**
 * The text tables of {@code orrery rollout status} and the ROLLOUTS section of {@code orrery
 * status}: one line per governed BindingPolicy, and one per destination cluster with its wave, the
 * revision it gets and its health.
 */
public final class RolloutTable {
  private RolloutTable() {}

  /** Both tables, separated by an empty line; a sentence when nothing is governed. */
  public static String render(List<RolloutView> rollouts) {
    if (rollouts.isEmpty()) {
      return "No rollouts: no BindingPolicy is governed by a RolloutPolicy, or none placed anything"
          + " yet.\n";
    }
    return rollouts(rollouts) + "\n" + clusters(rollouts);
  }

  /** Per BindingPolicy: revision, source revision, phase, wave, clusters updated, message. */
  public static String rollouts(List<RolloutView> rollouts) {
    TextTable table =
        new TextTable(
            List.of("BINDINGPOLICY", "REVISION", "SOURCE", "PHASE", "WAVE", "UPDATED", "MESSAGE"),
            16,
            8,
            12,
            11,
            4,
            7);
    for (RolloutView r : rollouts) {
      table.row(
          r.bindingPolicy(),
          r.revision() + " (" + r.contentHash() + ")",
          blank(Revisions.shortForm(r.sourceRevision())),
          r.phase(),
          r.waveText(),
          r.updatedText(),
          blank(r.message()));
    }
    return table.render();
  }

  /** Per destination cluster: its wave, the revision it gets, its health and why. */
  public static String clusters(List<RolloutView> rollouts) {
    TextTable table =
        new TextTable(
            List.of("BINDINGPOLICY", "CLUSTER", "WAVE", "REVISION", "HEALTH", "REASON"),
            16,
            10,
            4,
            12,
            7);
    for (RolloutView r : rollouts) {
      for (ClusterRollout c : r.clusters()) {
        String revision = blank(c.revision());
        if (revision != null && !revision.equals(r.contentHash())) {
          revision += " (old)";
        }
        table.row(
            r.bindingPolicy(),
            c.name(),
            c.wave() + (c.waveName().isEmpty() ? "" : " (" + c.waveName() + ")"),
            revision,
            c.health(),
            blank(c.reason()));
      }
    }
    return table.render();
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
