package dev.orrery.placement.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a change walks across clusters, in OCM's RolloutStrategy vocabulary.
 *
 * @param type {@code All}, {@code Progressive} or {@code ProgressivePerGroup}
 * @param groups the decision groups, in rollout order
 * @param mandatoryDecisionGroups names of groups rolled out first, each as a wave of its own
 * @param maxConcurrency for {@code Progressive}: clusters per wave after the mandatory groups
 *     (empty: all of them in one wave); for {@code ProgressivePerGroup}: the most clusters of one
 *     group in one wave (empty: the whole group)
 * @param minSuccessTime how long a wave must stay healthy before the next one starts (the soak)
 * @param progressDeadline how long a wave may take to become healthy (empty: no limit)
 * @param maxFailures failed clusters tolerated before the rollout fails
 * @param onFailure what a failure does: halt where it is, or roll back
 */
public record RolloutStrategy(
    Type type,
    List<DecisionGroup> groups,
    List<String> mandatoryDecisionGroups,
    Optional<ClusterCount> maxConcurrency,
    Duration minSuccessTime,
    Optional<Duration> progressDeadline,
    ClusterCount maxFailures,
    OnFailure onFailure) {

  /** Copies the lists. */
  public RolloutStrategy {
    groups = List.copyOf(groups);
    mandatoryDecisionGroups = List.copyOf(mandatoryDecisionGroups);
  }

  /** Everything at once: what placement does without a RolloutPolicy. */
  public static final RolloutStrategy ALL =
      new RolloutStrategy(
          Type.ALL,
          List.of(),
          List.of(),
          Optional.empty(),
          Duration.ZERO,
          Optional.empty(),
          ClusterCount.ZERO,
          OnFailure.HALT);

  /** The strategy types, spelled as OCM spells them. */
  public enum Type {
    ALL("All"),
    PROGRESSIVE("Progressive"),
    PROGRESSIVE_PER_GROUP("ProgressivePerGroup");

    private final String apiName;

    Type(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }

    static Optional<Type> of(String apiName) {
      for (Type t : values()) {
        if (t.apiName.equals(apiName)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  /** What a failed wave does. */
  public enum OnFailure {
    /** Stop: clusters already updated keep the new content, the rest keep theirs. */
    HALT("Halt"),
    /** Give the clusters already updated the last content that completed a rollout. */
    ROLLBACK("Rollback");

    private final String apiName;

    OnFailure(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }

    static Optional<OnFailure> of(String apiName) {
      for (OnFailure f : values()) {
        if (f.apiName.equals(apiName)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }
}
