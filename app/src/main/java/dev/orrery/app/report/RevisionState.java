package dev.orrery.app.report;

import dev.orrery.app.report.forge.CommitStatus;
import dev.orrery.placement.controller.PlacedObject;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The commit status of an applied revision, purely: {@code pending} while clusters are still taking
 * it, {@code success} when every selected cluster reports its objects applied and available at that
 * revision, {@code failure} when a cluster reports an object not applied.
 */
public final class RevisionState {
  private RevisionState() {}

  /** Reasons of a GitSource's Ready condition that mean its last fetched revision was refused. */
  private static final java.util.Set<String> REJECTIONS =
      java.util.Set.of("RenderFailed", "ValidationFailed");

  /**
   * The {@code failure} status of a revision Orrery refused to apply (it failed to render or
   * validate), naming the first error; empty when the reason is not a rejection.
   */
  public static java.util.Optional<CommitStatus> rejected(
      String context, String readyReason, List<String> errors) {
    if (!REJECTIONS.contains(readyReason)) {
      return java.util.Optional.empty();
    }
    String first = errors.isEmpty() ? "" : ": " + errors.get(0);
    return java.util.Optional.of(
        new CommitStatus(
            CommitStatus.State.FAILURE,
            context,
            String.format(
                Locale.ROOT,
                "rejected, %d error(s)%s; the last good revision stays applied",
                errors.size(),
                first),
            null));
  }

  /** {@code placed}: this source's objects on their clusters. */
  public static CommitStatus of(String context, String revision, List<PlacedObject> placed) {
    TreeSet<String> clusters = new TreeSet<>();
    placed.forEach(o -> clusters.add(o.cluster()));
    long failed = placed.stream().filter(o -> Boolean.FALSE.equals(o.applied())).count();
    long done =
        placed.stream()
            .filter(o -> Boolean.TRUE.equals(o.available()) && revision.equals(o.revision()))
            .count();
    if (failed > 0) {
      TreeSet<String> where = new TreeSet<>();
      placed.stream()
          .filter(o -> Boolean.FALSE.equals(o.applied()))
          .forEach(o -> where.add(o.cluster()));
      return new CommitStatus(
          CommitStatus.State.FAILURE,
          context,
          String.format(
              Locale.ROOT, "%d object(s) not applied on %s", failed, String.join(", ", where)),
          null);
    }
    if (done == placed.size()) {
      return new CommitStatus(
          CommitStatus.State.SUCCESS,
          context,
          placed.isEmpty()
              ? "applied; no object is placed on any cluster"
              : String.format(
                  Locale.ROOT,
                  "all %d object(s) available on %d cluster(s)",
                  placed.size(),
                  clusters.size()),
          null);
    }
    return new CommitStatus(
        CommitStatus.State.PENDING,
        context,
        String.format(
            Locale.ROOT,
            "%d of %d object(s) available at this revision on %d cluster(s)",
            done,
            placed.size(),
            clusters.size()),
        null);
  }
}
