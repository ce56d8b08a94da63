package dev.orrery.app.rollout;

import java.util.List;

/**
 * The rollout of a Binding's current revision as people see it, read from its BindingRevision.
 *
 * @param bindingPolicy the BindingPolicy (its Binding has the same name)
 * @param rolloutPolicy the RolloutPolicy that governs it, or empty when the status does not say
 * @param revision the revision number of the Binding's content (1, 2, ...)
 * @param contentHash the content hash, which ManifestWorks carry as {@code
 *     rollout.orrery.dev/revision}
 * @param sourceRevision the Git commit the content came from, or empty
 * @param phase Progressing, Paused, Succeeded, Halted, RolledBack, Superseded, or Pending before
 *     Orrery wrote a status
 * @param currentWave the newest admitted wave, 1-based (0 when unknown)
 * @param waveCount how many waves there are
 * @param updatedClusters clusters that get this revision
 * @param totalClusters destination clusters
 * @param message one line from Orrery
 * @param clusters per destination cluster, in wave order
 * @param failures failed clusters and why
 */
public record RolloutView(
    String bindingPolicy,
    String rolloutPolicy,
    long revision,
    String contentHash,
    String sourceRevision,
    String phase,
    int currentWave,
    int waveCount,
    int updatedClusters,
    int totalClusters,
    String message,
    List<ClusterRollout> clusters,
    List<Failure> failures) {

  /** Copies the lists. */
  public RolloutView {
    clusters = List.copyOf(clusters);
    failures = List.copyOf(failures);
  }

  /**
   * One destination cluster of a rollout.
   *
   * @param name the cluster
   * @param wave its wave, 1-based
   * @param waveName the wave's name (its decision group), or empty
   * @param revision the content hash it gets, or empty when it gets nothing
   * @param health Healthy, Progressing, Failed or Unknown
   * @param reason why, when not healthy
   */
  public record ClusterRollout(
      String name, int wave, String waveName, String revision, String health, String reason) {}

  /** A cluster that failed the health gate, and why. */
  public record Failure(String cluster, String reason) {}

  /** {@code 2/3}, or {@code -} when there are no waves. */
  public String waveText() {
    return waveCount == 0 ? "-" : currentWave + "/" + waveCount;
  }

  /** {@code 3/10}. */
  public String updatedText() {
    return updatedClusters + "/" + totalClusters;
  }

  /** Whether this revision's rollout failed (Halted or RolledBack). */
  public boolean failed() {
    return "Halted".equals(phase) || "RolledBack".equals(phase);
  }

  /** Whether waves are still to pass (Progressing, Paused or not started yet). */
  public boolean inFlight() {
    return "Progressing".equals(phase) || "Paused".equals(phase) || "Pending".equals(phase);
  }
}
