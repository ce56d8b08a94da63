package dev.orrery.app.preview;

import dev.orrery.app.plan.PlacementPreview;
import java.util.List;
import java.util.Objects;

/**
 * What a pull request's head would do through one GitSource: what it places on each cluster
 * compared with the revision applied today, why it would be rejected, and what it would delete.
 *
 * @param source the GitSource ({@code namespace/name})
 * @param baseRevision the revision the GitSource applies today (null when it has applied none yet)
 * @param placement per cluster of the ITS, the objects added, changed, removed or unchanged; and
 *     render errors with file and line
 * @param validationErrors what else would reject the revision (e.g. a kind the WDS does not serve)
 * @param deletions the deletion guard's verdict
 */
public record SourcePreview(
    String source,
    String baseRevision,
    PlacementPreview.Result placement,
    List<String> validationErrors,
    DeletionVerdict deletions) {

  public SourcePreview {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(placement, "placement");
    validationErrors = List.copyOf(validationErrors);
    Objects.requireNonNull(deletions, "deletions");
  }

  /** Every reason the head would be rejected, as {@code path:line: message}. */
  public List<String> errors() {
    List<String> out = new java.util.ArrayList<>();
    placement.errors().forEach(p -> out.add(p.path() + ":" + p.line() + ": " + p.message()));
    out.addAll(validationErrors);
    return out;
  }

  /** Whether Orrery would apply the head. */
  public boolean valid() {
    return errors().isEmpty();
  }
}
